"""joy-lane: its code of conduct, transcribed from its published policy."""

SCHOOL: dict = {
    "slug": "joy-lane",
    "name": "Joy Lane Primary School",
    "reference_code": "JL",
    # The policy gives no postal address. Its (real) contact e-mail is on Kent's schools
    # domain, so the school is in Kent (England); the address is left blank, not invented.
    "address": "",
    "nation": "england",
    "concern_email": "concerns@joy-lane.example.org",
    "decision_maker_title": "Executive Headteacher",
    "sign_off": "Executive Headteacher, Joy Lane Primary School",
    # Not placed: the letterhead (motto "A Love of Learning, for Life, for All", "Oyster Bay
    # Nursery & Oysters SRP (ASD)", and the named Executive Headteacher / Head of School), and
    # the sentence after the breach list: "The school takes safeguarding responsibilities
    # seriously and will deal with any reported incidents appropriately."
    "code": {
        "title": "WhatsApp Groups: Code of Conduct for School Community",
        # The policy is dated "March 2023".
        "effective_date": "2023-03-01",
        "review_date": None,
        "introduction": [
            (
                "To aid communication between parents, carers and our Friends of Joy Lane, "
                "many of our classes have WhatsApp groups, which operate independently of the "
                "school."
            ),
            (
                "Class WhatsApp groups are a very useful and efficient way of communicating to "
                "the whole class. The aim of using WhatsApp is to send messages to an entire "
                "group, which are relevant to school."
            ),
            # "the The Friends of Joy Lane" is verbatim.
            (
                "The messages in the class WhatsApp groups come from parents/carers in their "
                "personal capacity or are messages forwarded on behalf of the The Friends of "
                "Joy Lane. The school does not post directly on any WhatsApp parent/carer "
                "groups."
            ),
            (
                "At Joy Lane, we believe it's important to:\n- Work in partnership with "
                "parents to support their child's learning\n- Create a safe, respectful and "
                "inclusive environment for pupils, staff and parents\n- Model appropriate "
                "behaviour for our pupils at all times"
            ),
            (
                "To help us do this, we set clear expectations and guidelines on behaviour for "
                "all members of our community. This includes staff (through the staff code of "
                "conduct) and pupils (through our behaviour policy)."
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
                    "member of the school's community"
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
                # "schools community" (no apostrophe) is verbatim.
                "name": (
                    "Emails circulated or sent directly with abusive or personal comments "
                    "about staff, pupils or any member of the schools community"
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
            "If you are concerned about inappropriate comments on a class WhatsApp group, in "
            "confidence, please contact our Senior Leadership Team by emailing the school "
            "concerns@joy-lane.example.org"
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
                "kind": "remove_post",
                "wording": "Ask the group administrator to remove the offending post",
            },
            {
                "kind": "warning_letter",
                "wording": "Send a warning letter to the parent",
            },
            {
                "kind": "meeting",
                "wording": (
                    "Invite the parent into school to meet with a senior member of staff or "
                    "the Executive Headteacher"
                ),
            },
            {
                "kind": "police",
                "wording": ("Contact the appropriate authorities (in cases of criminal behaviour)"),
            },
            {
                "kind": "safeguarding_advice",
                "wording": "Seek advice from the local authority's safeguarding team",
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
        ],
        "proportionality": (
            "The school will always respond to an incident in a proportional way. The final "
            "decision for how to respond to breaches of the code of conduct rests with the "
            "Executive Headteacher."
        ),
    },
}
