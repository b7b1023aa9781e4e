"""Invented names and wording for the demo data: no real person, school or message."""

from incidents.models.cases import Status

FIRST_NAMES = (  # noqa: SIM905
    "Aisha Amelia Amir Ben Bethany Callum Charlotte Chloe Daniel Dev Eleanor Emily Faisal "
    "Fiona Gemma George Hannah Harry Imran Isla Jack Jade James Jasmine Kate Kieran Laura Leah "
    "Liam Lucy Marcus Megan Mohammed Naomi Nathan Niamh Oliver Olivia Owen Priya Rachel Rhys "
    "Rosie Ryan Sadia Sam Sarah Sophie Tariq Tom Una Victoria Wei Will Yasmin Zara Zoe"
).split()
SURNAMES = (  # noqa: SIM905
    "Ahmed Ali Allen Bailey Baker Begum Bell Brown Campbell Carter Clarke Collins Cooper Davies "
    "Edwards Evans Fisher Green Hall Harris Hughes Hussain Jackson James Johnson Jones Kaur Khan "
    "King Lewis Martin Mitchell Moore Morgan Murphy Nguyen Okafor Owen Parker Patel Phillips "
    "Price Roberts Robinson Scott Shah Singh Smith Taylor Thomas Thompson Turner Walker Ward "
    "Watson White Williams Wilson Wood Wright Young"
).split()
YEAR_GROUPS = ["Reception", "Year 1", "Year 2", "Year 3", "Year 4", "Year 5", "Year 6"]
STAFF_TITLES = ["Mr", "Mrs", "Miss", "Ms"]

DESCRIPTIONS = [
    "A parent posted in the {group} group calling {staff} 'useless' and saying the school "
    "'does nothing about anything'. Several parents replied with laughing emojis and the post "
    "is still there.",
    "In the {group} group, {person} shared a screenshot of an e-mail from the school and told "
    "everyone to 'flood the office with complaints' until {staff} is moved.",
    "{person} sent a voice note to the {group} group naming a child in the class and saying "
    "he should be 'kept away from decent kids'. My child heard it at home.",
    "After the trip letter went out on {day}, {person} wrote in the {group} group that {staff} "
    "was 'a disgrace' and should be sacked. The messages went on until nearly midnight.",
    "{person} has been messaging other parents privately about an incident in the playground "
    "and naming the children involved. One parent forwarded the messages to me.",
    "A post in the {group} group described the school as 'a joke' and said the head 'lies to "
    "parents'. {person} wrote it and then shared a link to the school's inspection report with "
    "more comments underneath.",
    "At pick-up on {day}, {person} shouted at {staff} in front of the children and then posted "
    "in the {group} group that staff 'had better watch themselves'.",
    "{person} e-mailed {staff} four times in one evening using abusive language about the "
    "homework policy and then pasted the e-mails into the {group} group.",
    "There was an argument in the {group} group about the uniform policy. {person} swore at "
    "other parents and called the policy 'pathetic', and some parents have left the group.",
    "{person} posted photos from sports day in the {group} group that show other children "
    "clearly, with comments about one child's behaviour.",
]
ESCALATION_REASONS = {
    Status.WARNING_LETTER: "The parent repeated the comments after we spoke to them.",
    Status.MEETING: "The behaviour has continued despite the warning letter.",
    Status.LEGAL_ADVICE: "The comments may be defamatory; we need advice before responding.",
    Status.SITE_BAN: "Threatening behaviour towards staff at the school gate.",
}
