"""st-johns-priory: its code of conduct, transcribed from its published policy."""

SCHOOL: dict = {
    "slug": "st-johns-priory",
    "name": "St John's Priory School",
    "reference_code": "SJP",
    "address": "Banbury, Oxon",
    "nation": "england",
    "concern_email": "concerns@st-johns-priory.example.org",
    "decision_maker_title": "Headmistress",
    "sign_off": "Headmistress, St John's Priory School",
    # Not placed: the front matter - "Applies to: All parent and carers of the school including
    # Nursery"; "Available from: School Office and website"; "Monitoring and Review" (continuous
    # monitoring, refinement and audit by the Headmistress; formal review by the proprietors
    # no later than three years from the date shown, or earlier if significant changes take
    # place or legislation, regulatory requirements or best practice guidelines so require);
    # and the signatures (Headmistress and Proprietor, names omitted), both dated September
    # 2024. Also not placed: the lead-in "In order to prevent any offense or upset, we expect
    # that everyone using these groups within our school community read and follow the notes
    # and guidelines listed below:".
    "code": {
        "title": (
            "Policy and Code of Conduct for the acceptable use of Class/Year Parental WhatsApp "
            "Groups"
        ),
        # Signed "Date: September, 2024".
        "effective_date": "2024-09-01",
        # "Review date September, 2025".
        "review_date": "2025-09-01",
        "introduction": [
            (
                "Parent/Carer WhatsApp groups, which operate independently of the school, can "
                "be a particularly useful way to connect parents in a particular class or year "
                "group."
            ),
            (
                "Class WhatsApp groups have been voluntarily set up by the parents in each "
                "class and endeavour to include all parents with children in the class. There "
                "is no requirement to join these groups and participation is voluntary."
            ),
            (
                "Ideally, these group chats are used as an efficient means of receiving "
                "relevant updates and reminders about school events that have been published "
                "in the newsletter, the sharing of information that is of general interest to "
                "all parents in the class or a forum to offer any supportive parenting advice."
            ),
            (
                "The messages in the class or year WhatsApp groups come from parents/carers in "
                "their personal capacity. The school does not post directly on any WhatsApp "
                "parent/carers groups, nor do we have 'parent advocates' who post messages on "
                "our behalf."
            ),
            (
                "Most of the time, group chats will be a beneficial resource and an enjoyable "
                "place to be in. However, these same spaces also have the power to inflame; "
                "they are a potential source of misinformation and can fuel bad feeling. At "
                "worst, online parent communication groups have the potential to create "
                "unnecessary concerns."
            ),
        ],
        # Includes the school's rules on who may join (only parents/carers of a child in the
        # school) and on the administrator/moderator (whose name must be notified to the
        # school). The last item is the paragraph that follows the breach list in the policy.
        "guidelines": [
            (
                "The group should never be used as a platform to air views/grievances "
                "regarding a member of staff, child or parent in the class or school"
            ),
            (
                "Messages posted on the WhatsApp Year Groups should be supportive and "
                "respectful of all other group users"
            ),
            "The group is not a political platform for airing opinions on current affairs",
            (
                "The group should not be used for private conversations with anyone else using "
                "the group"
            ),
            "Bullying is not to be tolerated and should be reported",
            "Only parents/carers of a child in the school, should be invited to the group",
            (
                "The group should be used keeping in mind mutual respect and cultural "
                "sensitivity between all its members"
            ),
            (
                "Each group should have a parent/carer administrator/moderator who is "
                "responsible for monitoring posts in order to oversee and ensure appropriate "
                "use; Any person acting as moderator should satisfy themselves that they are "
                "comfortable in their obligations of this role. It is imperative that the name "
                "of the administrator/moderator is notified to the school"
            ),
            (
                "Private messages between a parent and Class Teacher should not be screenshot "
                "and posted on WhatsApp/Social Media \u2013 this breaks both confidentiality "
                "and trust"
            ),
            (
                "Links to other online information posted in WhatsApp messages should only be "
                "made to sites which are relevant to school, education or extra-curricular "
                "activities. Links and other requests should not be posted if they relate to "
                "commercial services, unrelated campaigns or personal appeals"
            ),
            "No one is under an obligation to chat or respond to questions posed",
            (
                "Some group members may message you directly. There is no obligation to "
                "answer. If this direct personal approach does not suit you, please let the "
                "individual know"
            ),
            (
                "If another parent considers a message inappropriate, they should contact the "
                "person who posted it and seek removal of the message if desired"
            ),
            (
                "To avoid uncomfortable or unpleasant situations for other group users, "
                "parents/carers are therefore expected to consider the nature of their "
                "WhatsApp post carefully as any opinions expressed are the opinions of "
                "individual members and may not be representative of the whole group"
            ),
        ],
        # Introduced in the policy by "It is expected that parents and carers using any form of
        # social media or messaging:" (at the end of the last guideline bullet).
        "expectations": [
            "Respect the ethos, vision and values of our school",
            "Work together with staff in the best interests of our pupils",
            (
                "Treat all members of the school community with respect \u2013 setting a good "
                "example with speech and behaviour"
            ),
            "Seek a peaceful solution to all issues",
            "Approach the right member of school staff to help resolve any issues of concern",
        ],
        # The policy lists "Using social media to publicly challenge school policies or discuss
        # issues about individual children" twice (5th and 7th of 8 items); it appears once
        # here, in its first position.
        "breach_categories": [
            {
                "key": "abusive-comments",
                "name": (
                    "Abusive, personal comments or open criticism about staff, pupils or other "
                    "parents or any member of the school community"
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
                "key": "public-challenge",
                "name": (
                    "Using social media to publicly challenge school policies or discuss "
                    "issues about individual children"
                ),
            },
            {
                "key": "abusive-emails",
                "name": (
                    "Emails circulated or sent directly with abusive or personal comments "
                    "about staff or pupils"
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
            "For individual concerns regarding pupil performance, school policies, staff "
            "conduct etc. please raise any issues directly with the class teacher or, where "
            "necessary, the Headmistress, rather than using WhatsApp as a platform to air "
            "views.\n\nIf you are concerned about inappropriate comments on a class/year "
            "WhatsApp group, please contact our Senior Leadership Team, in confidence, by "
            "emailing the school on concerns@st-johns-priory.example.org"
        ),
        "responses": [
            {
                "kind": "gather_information",
                "wording": "Gather information from those involved",
            },
            {
                "kind": "speak_to_parent",
                "wording": "Speak to the parent/carer about the incident",
            },
            {
                "kind": "warning_letter",
                "wording": "Send a cautionary notice to the parent",
            },
            {
                "kind": "meeting",
                "wording": (
                    "Invite the parent into school to meet with a senior member of staff or "
                    "the Headmistress"
                ),
            },
            {
                "kind": "police",
                "wording": ("Contact the appropriate authorities (in cases of criminal behaviour)"),
            },
            {
                "kind": "legal_advice",
                "wording": (
                    "Seek advice from our legal team/the ISA legal team regarding further "
                    "action (in cases of conduct that may be libellous or slanderous)"
                ),
            },
            {
                "kind": "site_ban",
                "wording": "Disallow the parent from the school site",
            },
            # A separate paragraph in the policy: the group's moderator(s), not the school,
            # may remove the parent from the group.
            {
                "kind": "remove_from_group",
                "wording": (
                    "If a parent/carer's behaviour on a WhatsApp group breaches this policy "
                    "and code of conduct, it is the prerogative of that group's moderator/s to "
                    "remove the parent from the group"
                ),
            },
        ],
        "proportionality": (
            "The school will always respond to an incident in a proportional way. The final "
            "decision for how to respond to breaches of the code of conduct rests with the "
            "Headmistress."
        ),
    },
}
