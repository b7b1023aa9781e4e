"""The intended-ban, decision and review letters follow the DfE guidance on controlling access
to school premises: the behaviour and the rules it breached, that the parent may be treated as
a trespasser (s.547 Education Act 1996), the conditions with the arrangements for the child's
drop-off and collection, how and by when to make representations, who reviews the ban and
when. A school's template still in the previous starting wording gets the new one; an edited
template is kept."""

from django.db import migrations

# kind -> (previous starting wording, new starting wording)
WORDING = {
    "site_ban_intended": (
        "Dear {{ parent_name }}\n\nThe {{ decision_maker_title }} intends to ban you from the school site for these reasons:\n\n{{ ban_reasons }}\n\nYour conduct breached these rules of the school's {{ code_title }}:\n\n{{ breached_rules }}\n\nThe ban would run from {{ ban_start }} to {{ ban_end }}.\n\nYou may make representations before a final decision is made. Please send them {{ representation_how }} by {{ representation_deadline }}. If the ban is confirmed, it will be reviewed on {{ review_date }}.",
        "Dear {{ parent_name }}\n\nThe {{ decision_maker_title }} intends to ban you from the premises of {{ school_name }} because of this behaviour:\n\n{{ ban_reasons }}\n\nIt breached these rules of the school's {{ code_title }}:\n\n{{ breached_rules }}\n\nThe ban would run from {{ ban_start }} to {{ ban_end }}. While it is in force you must not enter the school premises except as the conditions below allow. If you do, the school may treat you as a trespasser under section 547 of the Education Act 1996 and have you removed from the premises.\n\nThe conditions, including the arrangements for your child's drop-off and collection:\n\n{{ ban_conditions }}\n\nNo decision has been made yet: first you may make representations, anything you would like the {{ decision_maker_title }} to take into account.\nYou can make representations online at {{ representation_url }}, or {{ representation_how }}, by {{ representation_deadline }}.\nThe {{ decision_maker_title }} will consider them and write to you with the decision. If the ban is confirmed, the {{ decision_maker_title }} will review it on {{ review_date }}.",
    ),
    "site_ban_decision": (
        "Dear {{ parent_name }}\n\nHaving considered the matter, and any representations you made, the {{ decision_maker_title }} has decided to confirm the ban from the school site.\n\n{{ decision_note }}\n\nThe ban runs from {{ ban_start }} until {{ ban_end }} and will be reviewed on {{ review_date }}.",
        "Dear {{ parent_name }}\n\nHaving considered the matter, and any representations you made, the {{ decision_maker_title }} has decided to confirm the ban from the school site.\n\n{{ decision_note }}\n\nThe ban was made because of this behaviour:\n\n{{ ban_reasons }}\n\nIt breached these rules of the school's {{ code_title }}:\n\n{{ breached_rules }}\n\nThe ban runs from {{ ban_start }} until {{ ban_end }}. While the ban is in force you must not enter the school premises except as the conditions below allow. If you do, the school may treat you as a trespasser under section 547 of the Education Act 1996 and have you removed from the premises.\n\nThe conditions, including the arrangements for your child's drop-off and collection:\n\n{{ ban_conditions }}\n\nThe {{ decision_maker_title }} will review the ban on {{ review_date }}. You may send anything you would like the review to take into account {{ representation_how }}.",
    ),
    "site_ban_modified": (
        "Dear {{ parent_name }}\n\nHaving considered the matter, and any representations you made, the {{ decision_maker_title }} has decided to confirm the ban from the school site with these changes: it runs from {{ ban_start }} until {{ ban_end }}, and will be reviewed on {{ review_date }}.\n\n{{ decision_note }}",
        "Dear {{ parent_name }}\n\nHaving considered the matter, and any representations you made, the {{ decision_maker_title }} has decided to confirm the ban from the school site with these changes: it runs from {{ ban_start }} until {{ ban_end }}.\n\n{{ decision_note }}\n\nThe ban was made because of this behaviour:\n\n{{ ban_reasons }}\n\nIt breached these rules of the school's {{ code_title }}:\n\n{{ breached_rules }}\n\nWhile the ban is in force you must not enter the school premises except as the conditions below allow. If you do, the school may treat you as a trespasser under section 547 of the Education Act 1996 and have you removed from the premises.\n\nThe conditions, including the arrangements for your child's drop-off and collection:\n\n{{ ban_conditions }}\n\nThe {{ decision_maker_title }} will review the ban on {{ review_date }}. You may send anything you would like the review to take into account {{ representation_how }}.",
    ),
    "ban_review": (
        "Dear {{ parent_name }}\n\nThe {{ decision_maker_title }} has reviewed your ban from the school site. The outcome is: {{ ban_decision }}.\n\n{{ decision_note }}",
        "Dear {{ parent_name }}\n\nThe {{ decision_maker_title }} has reviewed your ban from the premises of {{ school_name }}, made because of this behaviour:\n\n{{ ban_reasons }}\n\nThe outcome of the review is: {{ ban_decision }}.\n\n{{ decision_note }}\n\nWhile the ban continues you must not enter the school premises except as its conditions allow; if you do, the school may treat you as a trespasser under section 547 of the Education Act 1996. The conditions, including the arrangements for your child's drop-off and collection:\n\n{{ ban_conditions }}\n\nYou may send anything you would like the {{ decision_maker_title }} to take into account {{ representation_how }}.",
    ),
}


def update_unedited(apps, schema_editor):
    LetterTemplate = apps.get_model("letters", "LetterTemplate")
    for kind, (before, after) in WORDING.items():
        LetterTemplate.objects.filter(kind=kind, body=before).update(body=after)


def restore_unedited(apps, schema_editor):
    LetterTemplate = apps.get_model("letters", "LetterTemplate")
    for kind, (before, after) in WORDING.items():
        LetterTemplate.objects.filter(kind=kind, body=after).update(body=before)


class Migration(migrations.Migration):
    dependencies = [("letters", "0006_site_ban_decision_letters")]

    operations = [migrations.RunPython(update_unedited, restore_unedited)]
