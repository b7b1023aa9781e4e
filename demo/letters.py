"""What the demo's letters need to look posted: each school's letterhead (an invented address
where the school's policy gives none, an office e-mail and telephone number, a drawn logo) and
each demo parent's title, surname and a full postal address. All invented: example.org
addresses, Ofcom's drama telephone numbers (01632 960xxx) and the unused postcode area ZZ."""

import io
import random

from django.core.files.base import ContentFile
from PIL import Image, ImageDraw, ImageFont

from incidents.models import Parent
from policies.models import School

# First names of the demo pool (demo/cases/names.py) usually given to girls; the rest are
# greeted "Mr". A real school records the title the parent uses.
FEMALE = {
    "Aisha",
    "Amelia",
    "Bethany",
    "Charlotte",
    "Chloe",
    "Eleanor",
    "Emily",
    "Fiona",
    "Gemma",
    "Hannah",
    "Isla",
    "Jade",
    "Jasmine",
    "Kate",
    "Laura",
    "Leah",
    "Lucy",
    "Megan",
    "Naomi",
    "Niamh",
    "Olivia",
    "Priya",
    "Rachel",
    "Rosie",
    "Sadia",
    "Sarah",
    "Sophie",
    "Una",
    "Victoria",
    "Yasmin",
    "Zara",
    "Zoe",
}
FEMALE_TITLES = ["Mrs", "Ms", "Miss", "Dr"]
STREETS = ["Road", "Close", "Way", "Avenue", "Lane", "Gardens", "Crescent"]
TOWNS = ["Ashcombe", "Brindleford", "Coltham", "Dunmere", "Eldworth", "Fennick"]


def demo_letterhead_seed(*, school: School) -> None:
    """Fill what the school's letterhead lacks, once; what a school already has is kept."""
    rng = random.Random(f"letterhead-{school.slug}")
    changed = []
    if not school.address:
        school.address = (
            f"{rng.randint(1, 40)} School {rng.choice(STREETS)}\n{rng.choice(TOWNS)}\n"
            f"ZZ{rng.randint(1, 9)} {rng.randint(1, 9)}{rng.choice('ABDEFG')}{rng.choice('HJLNPQ')}"
        )
        changed.append("address")
    if not school.office_email:
        school.office_email = f"office@{school.slug}.example.org"
        changed.append("office_email")
    if not school.office_phone:
        school.office_phone = f"01632 960{rng.randint(100, 999)}"
        changed.append("office_phone")
    if not school.logo:
        school.logo.save(f"{school.slug}.png", ContentFile(_logo_png(school)), save=False)
        changed.append("logo")
    if changed:
        school.save(update_fields=changed)


def _logo_png(school: School) -> bytes:
    """A crest: the school's initials in a navy roundel."""
    initials = "".join(w[0] for w in school.name.replace("'s", "").split() if w[0].isupper())[:3]
    image = Image.new("RGBA", (240, 240), (255, 255, 255, 0))
    draw = ImageDraw.Draw(image)
    draw.ellipse((8, 8, 232, 232), fill=(29, 59, 111), outline=(200, 162, 60), width=10)
    font = ImageFont.load_default(size=84 if len(initials) < 3 else 64)
    draw.text((120, 122), initials, fill="white", font=font, anchor="mm")
    out = io.BytesIO()
    image.save(out, format="PNG")
    return out.getvalue()


def demo_parents_letter_details_seed(*, school: School) -> int:
    """Give the school's demo parents who have no surname yet a title, a surname and a full
    postal address; one in ten has no title, to show the greeting by full name. Returns how
    many were changed."""
    parents = list(Parent.objects.filter(school=school, surname="").order_by("pk"))
    for parent in parents:
        rng = random.Random(f"parent-letters-{school.slug}-{parent.pk}")
        first, _, last = parent.full_name.rpartition(" ")
        first = first.split()[0] if first else ""
        if rng.random() < 0.1:
            parent.title = ""
        elif first in FEMALE:
            parent.title = rng.choice(FEMALE_TITLES if rng.random() < 0.1 else FEMALE_TITLES[:2])
        else:
            parent.title = "Dr" if rng.random() < 0.05 else "Mr"
        parent.surname = last or parent.full_name
        parent.postal_address = (
            f"{rng.randint(1, 120)} {rng.choice(['Elm', 'Mill', 'Church', 'Station', 'Park'])} "
            f"{rng.choice(STREETS)}\n{rng.choice(TOWNS)}\n"
            f"ZZ{rng.randint(1, 9)} {rng.randint(1, 9)}{rng.choice('ABDEFG')}{rng.choice('HJLNPQ')}"
        )
    Parent.objects.bulk_update(parents, ["title", "surname", "postal_address"], batch_size=500)
    return len(parents)
