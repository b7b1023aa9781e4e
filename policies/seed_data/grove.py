"""grove: its code of conduct, transcribed from its published policy."""

SCHOOL: dict = {
    "slug": "grove",
    "name": "Grove Primary School",
    "reference_code": "GP",
    # The policy gives no postal address. Its (real) contact e-mail is on Southwark's schools
    # domain (London Borough of Southwark, England); the address is left blank, not invented.
    "address": "",
    "nation": "england",
    "concern_email": "concerns@grove.example.org",
    # ASSUMED: Grove's policy has no "final decision rests with ..." sentence. The only senior
    # title it names is in its meeting response ("... or the Executive Head Teacher"), so that
    # title (spelt as the policy spells it) is used.
    "decision_maker_title": "Executive Head Teacher",
    "sign_off": "Executive Head Teacher, Grove Primary School",
    # Not placed: the closing line "Thank you for working in partnership with us."
    "code": {
        "title": "Policy and Code of Conduct for the acceptable use of WhatsApp Groups",
        # ASSUMED: the policy gives no date, so the default 2024-09-01 is used.
        "effective_date": "2024-09-01",
        "review_date": None,
        "introduction": [
            (
                "(Please also refer to page 6 'Statement on social media expectations' in our "
                "Parents, Carers and Visitors Code of Conduct)"
            ),
            (
                "We are aware that parents may communicate between each other using WhatsApp "
                "groups. The aim of using WhatsApp is to send messages to an entire group."
            ),
            (
                "Any messages shared using WhatsApp come from parents/carers in their personal "
                "capacity. The school does not post on any WhatsApp parent/carer groups."
            ),
            (
                "At Grove, we believe it's important to:\n- Work in partnership with parents "
                "to support their child's learning;\n- Create a safe, respectful and inclusive "
                "environment for pupils, staff and parents;\n- Model appropriate behaviour for "
                "our pupils at all times and this includes the way we use WhatsApp to "
                "communicate."
            ),
            (
                "We set clear expectations and guidelines on behaviour for all members of our "
                "community. This includes staff (through the Staff Code of Conduct) and pupils "
                "(through our Behaviour Policy)."
            ),
            (
                "This code of conduct aims to help the school work together with parents by "
                "setting guidelines on appropriate behaviour when using social media platforms "
                "such as WhatsApp."
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
            (
                "Respect the ethos, vision and values of our school (respect, courage, "
                "creativity, ambition, empathy, resilience)"
            ),
            "Work together with staff in the best interests of our pupils",
            (
                "Treat all members of the school community with respect \u2014 setting a good "
                "example with how we talk and behave"
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
                "name": "Posting aggressive, defamatory or libelous comments",
            },
            {
                "key": "abusive-emails",
                "name": (
                    "Emails circulated or sent directly with abusive or personal comments "
                    "about staff, pupils or any member of the school community"
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
                    "Threatening behaviour, such as verbally intimidating members of the "
                    "school community, or using inappropriate language"
                ),
            },
            {
                "key": "contacting-parents-about-children",
                "name": "Contacting other parents to discuss children and or their behaviour",
            },
            {
                "key": "voice-notes-about-children",
                "name": "Leaving voice notes to discuss issues involving children",
            },
        ],
        "raising_concerns": (
            "If you are concerned about inappropriate comments on a WhatsApp group or other "
            "social media platform, please contact our Senior Leadership Team by emailing "
            "concerns@grove.example.org"
        ),
        # Grove says it "will gather information from those involved and respond appropriately";
        # it does not say it will speak to the parent, so there is no speak_to_parent response.
        "responses": [
            {
                "kind": "gather_information",
                "wording": "Gather information from those involved",
            },
            {
                "kind": "warning_letter",
                "wording": "Send a warning letter to the parent",
            },
            {
                "kind": "meeting",
                "wording": (
                    "Invite the parent into school to meet with a senior member of staff or "
                    "the Executive Head Teacher"
                ),
            },
            {
                "kind": "police",
                "wording": ("Contact the appropriate authorities (in cases of criminal behaviour)"),
            },
            {
                "kind": "legal_advice",
                "wording": (
                    "Seek advice from our Trust's legal team regarding further action (in "
                    "cases of conduct that may be libelous or slanderous)"
                ),
            },
            {
                "kind": "site_ban",
                "wording": "Issue a site ban",
            },
        ],
        # The policy has no sentence about proportional response or who makes the final
        # decision (only "Depending on the nature of the incident, the school may:").
        "proportionality": "",
    },
}
