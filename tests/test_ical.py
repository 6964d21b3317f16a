"""The example's exports, pinned by golden files and read back by two parsers."""

import datetime as dt
import tomllib

import pytest

from screenkit import ical
from screenkit.models import validate_plan
from tests.conftest import EXAMPLE
from tests.golden import assert_golden
from tests.icalcheck import events, instants, lines


@pytest.fixture
def plan():
    return validate_plan(tomllib.loads(EXAMPLE.read_text()))


def plan_with(change):
    data = tomllib.loads(EXAMPLE.read_text())
    change(data)
    return validate_plan(data)


@pytest.mark.parametrize("sid", ["ica-premiere", "clapham", "east-finchley"])
def test_invites_match_golden_files(plan, sid):
    data = ical.invite(plan, sid)
    assert_golden(f"invites/{sid}.ics", data)
    lines(data)


def test_feed_and_speaker_calendar_match_golden_files(plan):
    assert_golden("feed.ics", ical.feed(plan))
    assert_golden("speakers/amira.ics", ical.speaker_calendar(plan, "amira"))


def test_example_events_land_at_the_right_instants(plan):
    found = instants(ical.feed(plan))
    premiere = found[plan.screenings["ica-premiere"].uid]
    assert premiere == (
        dt.datetime(2027, 6, 27, 17, 30, tzinfo=dt.UTC),  # 18:30 BST
        dt.datetime(2027, 6, 27, 19, 54, tzinfo=dt.UTC),
    )


def test_invite_is_a_request_with_attendees_and_a_reminder(plan):
    data = ical.invite(plan, "ica-premiere")
    assert b"METHOD:REQUEST\r\n" in data
    (event,) = events(data)
    assert str(event["organizer"]) == "mailto:tour@example.org"
    attendees = {str(a): a.params for a in event["attendee"]}
    assert set(attendees) == {"mailto:amira@example.org", "mailto:talal@example.org",
                              "mailto:sam@example.org"}  # fmt: skip
    for params in attendees.values():
        assert (params["ROLE"], params["PARTSTAT"], params["RSVP"]) == (
            "REQ-PARTICIPANT", "NEEDS-ACTION", "TRUE",
        )  # fmt: skip
    assert event["summary"] == (
        "Return to Homs: screening and talk with Amira Haddad and Talal Derki"
    )
    assert event["location"] == ("Institute of Contemporary Arts, The Mall, London, SW1Y 5AH")
    assert event["status"] == "CONFIRMED"
    assert event.decoded("geo") is not None
    description = str(event["description"])
    assert "18:00  Doors open" in description and "20:54  End" in description
    assert "Step-free entrance on The Mall" in description
    assert "Contact on the day: Duty Manager, +44 20 7946 0101" in description
    (alarm,) = event.walk("VALARM")
    assert alarm.decoded("trigger") == dt.timedelta(days=-1)


def test_the_organiser_is_never_an_attendee():
    def organiser_speaks(d):
        d["speakers"]["sam"]["email"] = "TOUR@example.org"

    (event,) = events(ical.invite(plan_with(organiser_speaks), "ica-premiere"))
    assert "mailto:TOUR@example.org" not in {str(a) for a in event["attendee"]}


def test_cancelled_invite_is_a_cancel_without_alarm():
    def cancel(d):
        d["screenings"]["clapham"]["status"] = "cancelled"
        d["screenings"]["clapham"]["calendar"]["sequence"] = 1

    data = ical.invite(plan_with(cancel), "clapham")
    assert b"METHOD:CANCEL\r\n" in data
    (event,) = events(data)
    assert event["status"] == "CANCELLED" and event["sequence"] == 1
    assert event.walk("VALARM") == []


def test_the_feed_is_public(plan):
    data = ical.feed(plan)
    assert b"METHOD" not in data and b"ATTENDEE" not in data and b"ORGANIZER" not in data
    text = data.decode()
    unfolded = text.replace("\r\n ", "")
    for private in ["@example.org", "+44", "Contact on the day", "press night"]:
        assert private not in unfolded, private
    assert "X-WR-CALNAME:Homs Tour Team: screenings" in unfolded
    assert len(events(data)) == 3


def test_cancelled_screenings_stay_in_the_feed():
    def cancel(d):
        d["screenings"]["clapham"]["status"] = "cancelled"

    statuses = {str(e["uid"]): str(e["status"]) for e in events(ical.feed(plan_with(cancel)))}
    assert statuses["3b0f6a7e-6f4e-4f0b-9a51-1c2d7e8f9a02"] == "CANCELLED"


def test_the_speaker_calendar_has_what_they_need(plan):
    data = ical.speaker_calendar(plan, "sam")
    assert b"METHOD" not in data
    found = events(data)
    assert [str(e["uid"])[-2:] for e in found] == ["01", "03"]  # hosts the first and third
    assert "Contact on the day: Tom Reed" in str(found[1]["description"])


@pytest.mark.parametrize(
    "title",
    ["Homs, Syria; 2011\\2013", "Zero\u200bwidth, emoji 🎬", 'The "Return"', "العودة إلى حمص"],
)
def test_text_survives_a_round_trip(title):
    def retitle(d):
        d["films"]["return-to-homs"]["title"] = title
        d["speakers"]["amira"]["name"] = 'Amira "A"; Haddad'

    data = ical.invite(plan_with(retitle), "clapham")
    lines(data)
    (event,) = events(data)
    assert str(event["summary"]).startswith(f"{title}: screening and talk")
    assert str(event["description"]).startswith(title)
    attendee = event["attendee"]  # one attendee: icalendar gives the address, not a list
    assert attendee.params["CN"] == "Amira A, Haddad"


def test_multi_line_addresses_become_one_line():
    def multiline(d):
        d["venues"]["clapham"]["address"] = "Church Hall,\n76 Venn Street\nLondon"

    (event,) = events(ical.invite(plan_with(multiline), "clapham"))
    assert (
        event["location"]
        == "Clapham Community Cinema, Church Hall, 76 Venn Street, London, SW4 0AT"
    )
