"""The five seed schools' codes of conduct, transcribed from their published policies.

Wording is each school's own; only contact details are replaced by example.org addresses.
"""

# Transcription notes (apply to every school):
# - List items (guidelines, expectations, breach categories, responses) are verbatim, except that
#   the trailing list punctuation (";" or ".") at the end of each bullet is dropped, and the
#   "gather information ... and speak to the parent ..." sentence is split into two responses
#   whose first letters are capitalised.
# - "introduction" holds one string per paragraph; where a school's opening includes a short
#   bulleted list ("we believe it's important to:"), the lead-in and its bullets are kept together
#   in one string, one bullet per line ("\n- "), with the school's own punctuation.
# - Lead-in lines such as "Parents should adhere to the following guidelines ..." and "Please note,
#   the school considers the following online activity inappropriate:" are not repeated.
# - En and em dashes are written as "\u2013" / "\u2014" escapes (ruff RUF001); the values are the
#   same characters as in the policies. Spelling is the schools' own ("libelous", "offense", ...).
# - Staff and proprietor names and real contact details are deliberately left out.

SCHOOLS: list[dict] = [
    {
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
                    "wording": (
                        "Contact the appropriate authorities (in cases of criminal behaviour)"
                    ),
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
    },
    {
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
                    "wording": (
                        "Contact the appropriate authorities (in cases of criminal behaviour)"
                    ),
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
    },
    {
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
    },
    {
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
                    "wording": (
                        "Contact the appropriate authorities (in cases of criminal behaviour)"
                    ),
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
    },
    {
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
            "title": (
                "Code of Conduct for the acceptable use of Class/Year WhatsApp and Media Groups"
            ),
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
                    "wording": (
                        "Contact the appropriate authorities (in cases of criminal behaviour)"
                    ),
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
    },
]

DEMO_GROUPS = ["Reception", "Year 1", "Year 2", "Year 3", "Year 4", "Year 5", "Year 6"]
