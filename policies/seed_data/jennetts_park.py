"""jennetts-park: its code of conduct, transcribed from its published policy."""

SCHOOL: dict = {
    "slug": "jennetts-park",
    # The policy writes the name only as "Jennett's Park CE Primary" (in its title).
    "name": "Jennett's Park CE Primary",
    "reference_code": "JP",
    # The policy gives no postal address. "CE" (Church of England) school, so England.
    "address": "",
    "nation": "england",
    "concern_email": "concerns@jennetts-park.example.org",
    # ASSUMED: the policy names no decision maker (only "our Senior Leadership Team"), so the
    # generic title "Headteacher" is used.
    "decision_maker_title": "Headteacher",
    "sign_off": "Headteacher, Jennett's Park CE Primary",
    # Not placed: the sentence after the breach list, "The school takes safeguarding
    # responsibilities seriously and will deal with any reported incidents appropriately.",
    # and the closing cross-reference "Please read alongside these policies
    # JPCE-Communications-Policy-2022.pdf,
    # JPCE-Parents-Carers-Visitors-Code-of-Conduct-on-School-Premises-April-2024.pdf" (links
    # to the trust's website).
    "code": {
        "title": "Jennett's Park CE Primary Class WhatsApp Groups Code of Conduct",
        # ASSUMED: the policy gives no date, so the default 2024-09-01 is used (it refers to
        # a code of conduct dated April 2024, so it is no older than that).
        "effective_date": "2024-09-01",
        "review_date": None,
        "introduction": [
            (
                "Class WhatsApp groups are a very useful and efficient way of communicating to "
                "the whole class. The aim of using WhatsApp is to send messages to an entire "
                "group, which are relevant to school. The messages in the class WhatsApp "
                "groups come from parents in their personal capacity or are messages forwarded "
                "on behalf of the PTA. The school does not post directly on any WhatsApp "
                "parent/carer groups."
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
        # The policy has no "we expect parents/carers to ..." list.
        "expectations": [],
        "breach_categories": [
            {
                "key": "abusive-comments",
                "name": "Abusive or personal comments about staff, pupils or other parents",
            },
            {
                "key": "disrepute",
                "name": "Bringing the school into disrepute",
            },
            {
                "key": "aggressive-defamatory",
                "name": "Posting defamatory or libellous comments",
            },
            {
                "key": "abusive-emails",
                "name": (
                    "Emails circulated or sent directly with abusive or personal comments "
                    "about staff or pupils"
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
            "If you are concerned about inappropriate comments on a class WhatsApp group, "
            "please contact our Senior Leadership Team via "
            "concerns@jennetts-park.example.org.\n\nIf you are concerned about any issue "
            "regarding the school, please email the school office and a member of staff will "
            "get back to you."
        ),
        # The policy lists no responses; it says only that the school "will deal with any
        # reported incidents appropriately".
        "responses": [],
        # The policy has no sentence about proportional response or who makes the decision.
        "proportionality": "",
    },
}
