"""st-michael-and-st-johns: its code of conduct, transcribed from its published policy."""

SCHOOL: dict = {
    "slug": "st-michael-and-st-johns",
    # The policy writes the name only as "St Michael and St John's".
    "name": "St Michael and St John's",
    "reference_code": "SMJ",
    # The policy gives no postal address. Its (real) contact e-mail is on Lancashire's
    # schools domain (Lancashire, England); the address is left blank, not invented.
    "address": "",
    "nation": "england",
    "concern_email": "concerns@st-michael-and-st-johns.example.org",
    "decision_maker_title": "Head Teacher",
    "sign_off": "Head Teacher, St Michael and St John's",
    # Not placed: the school's one-line faith mission statement at the top of the policy and
    # the sentence after the breach list: "The school takes safeguarding responsibilities
    # seriously and will deal with any reported incidents appropriately."
    "code": {
        "title": ("Code of Conduct for the acceptable use of Class/Year WhatsApp and Media Groups"),
        # ASSUMED: the policy gives no date, so the default 2024-09-01 is used.
        "effective_date": "2024-09-01",
        "review_date": None,
        "introduction": [
            (
                "Class/Year WhatsApp groups are a very useful and efficient way of "
                "communicating to the whole class. The aim of using WhatsApp is to send "
                "messages to an entire group, which are relevant to school."
            ),
            (
                "The messages in the class/year WhatsApp groups/media groups come from "
                "parents/carers in their personal capacity. The school does not post directly "
                "on any WhatsApp/media parent/carer groups."
            ),
            (
                "At St Michael and St John's, we believe it's important to:\n- Work in "
                "partnership with parents to support their child's learning;\n- Create a safe, "
                "respectful and inclusive environment for pupils, staff and parents;\n- Model "
                "appropriate behaviour for our pupils at all times."
            ),
            (
                "To help us do this, we set clear expectations and guidelines on behaviour for "
                "all members of our community. This includes staff (through the staff code of "
                "conduct) and pupils (through our behaviour and discipline policy)."
            ),
            (
                "This code of conduct aims to help the school work together with parents by "
                "setting guidelines on appropriate behaviour."
            ),
        ],
        "guidelines": [
            (
                "The group should never be used as a platform to air views/grievances "
                "regarding a teacher, child or parent in the class or school"
            ),
            "The group is not a political platform for airing opinions on current affairs",
            (
                "The group should not be used for private conversations with anyone else using "
                "the group"
            ),
            (
                "The group should be used keeping in mind mutual respect and cultural "
                "sensitivity between all its members"
            ),
        ],
        "expectations": [
            "Respect the ethos, vision and values of our school",
            "Work together with staff in the best interests of our pupils",
            (
                "Treat all members of the school community with respect \u2013 setting a good "
                "example with speech and behaviour"
            ),
            "Seek a peaceful solution to all issues",
            (
                "Correct their own child's behaviour (or those in their care), particularly in "
                "public, where it could lead to conflict, aggression or unsafe conduct"
            ),
            "Approach the right member of school staff to help resolve any issues of concern",
        ],
        "breach_categories": [
            {
                "key": "abusive-comments",
                "name": (
                    "Abusive or personal comments about staff, pupils or other parents or any "
                    "member of the school community"
                ),
            },
            {
                "key": "anger-swearing",
                "name": "Displays of anger including swearing, or using offensive language",
            },
            {
                "key": "disrepute",
                "name": "Bringing the school into disrepute",
            },
            {
                "key": "aggressive-defamatory",
                "name": "Posting aggressive, defamatory or libellous comments",
            },
            {
                "key": "abusive-emails",
                "name": (
                    "Emails/communication circulated or sent directly with abusive or personal "
                    "comments about staff, pupils or any member of the school community"
                ),
            },
            {
                "key": "public-challenge",
                "name": (
                    "Using social media to publicly challenge school policies or discuss "
                    "issues about individual children"
                ),
            },
            {
                "key": "threatening",
                "name": (
                    "Threatening behaviour, such as verbally intimidating staff, or using bad "
                    "language"
                ),
            },
        ],
        "raising_concerns": (
            "If you are concerned about inappropriate comments on a class/year WhatsApp/media "
            "group, in confidence, please contact our Senior Leadership Team by emailing the "
            "school on concerns@st-michael-and-st-johns.example.org"
        ),
        "responses": [
            {
                "kind": "gather_information",
                "wording": "Gather information from those involved",
            },
            {
                "kind": "speak_to_parent",
                "wording": "Speak to the parent about the incident",
            },
            {
                "kind": "warning_letter",
                "wording": "Send a warning letter to the parent",
            },
            {
                "kind": "meeting",
                "wording": (
                    "Invite the parent into school to meet with a senior member of staff or "
                    "the Head Teacher"
                ),
            },
            {
                "kind": "police",
                "wording": ("Contact the appropriate authorities (in cases of criminal behaviour)"),
            },
            {
                "kind": "legal_advice",
                "wording": (
                    "Seek advice from our legal team/the local authority's legal team "
                    "regarding further action (in cases of conduct that may be libellous or "
                    "slanderous)"
                ),
            },
            {
                "kind": "site_ban",
                "wording": "Ban the parent from the school site",
            },
            # The policy's final paragraph (after the proportionality sentences): the group's
            # moderator(s), not the school, may remove the parent from the group.
            {
                "kind": "remove_from_group",
                "wording": (
                    "If a parent/carer's behaviour on a WhatsApp/media group breaches this "
                    "policy and code of conduct, it is the prerogative of that group's "
                    "moderator/s to remove the parent from the group"
                ),
            },
        ],
        "proportionality": (
            "The school will always respond to an incident in a proportional way. The final "
            "decision for how to respond to breaches of the code of conduct rests with the "
            "Head Teacher."
        ),
    },
}
