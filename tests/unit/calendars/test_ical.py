"""The example's exports, pinned by golden files and read back by two parsers."""

import datetime as dt
import tomllib

import pytest

from screenkit.calendars import ical
from screenkit.plan.models import validate_plan
from tests.support.golden import assert_golden
from tests.support.icalcheck import events, instants, lines
from tests.support.plans import EXAMPLE


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


# ── Clock changes: exact instants in UTC ──────────────────────────────────────────────────

ODD_NIGHTS = {  # (zone, country, date, start): starts a clock change skips or repeats
    "London, skipped": ("Europe/London", "GB", dt.date(2027, 3, 28), "01:30"),
    "London, repeated": ("Europe/London", "GB", dt.date(2027, 10, 31), "01:30"),
    "New York, skipped": ("America/New_York", "US", dt.date(2027, 3, 14), "02:30"),
    "New York, repeated": ("America/New_York", "US", dt.date(2027, 11, 7), "01:30"),
    "London, ends in the repeated hour": ("Europe/London", "GB", dt.date(2027, 10, 31), "00:30"),
}


def odd_night(name, short=False):
    zone, country, date, start = ODD_NIGHTS[name]

    def change(d):
        d["venues"]["clapham"].update(timezone=zone, country=country)
        d["screenings"]["clapham"].update(date=date, start=start)
        d["screenings"]["clapham"].pop("doors")
        if short:  # a 30-minute short and no talk: 35 minutes in all
            d["films"]["return-to-homs"]["runtime"] = 30
            d["screenings"]["clapham"]["talk"] = 0

    return plan_with(change)


@pytest.mark.parametrize("name", ODD_NIGHTS)
def test_odd_times_are_written_in_utc_and_read_back_alike(name):
    from screenkit.rules.schedule import timing

    plan = odd_night(name)
    t = timing(plan, plan.screenings["clapham"])
    for data in (
        ical.invite(plan, "clapham"),
        ical.feed(plan),
        ical.speaker_calendar(plan, "amira"),
    ):
        lines(data)
        found = instants(data)  # icalendar and vobject agree
        assert found[plan.screenings["clapham"].uid] == (
            t.start.astimezone(dt.UTC), t.end.astimezone(dt.UTC),
        )  # fmt: skip
    (event,) = events(ical.invite(plan, "clapham"))
    assert event["dtstart"].to_ical().endswith(b"Z") and "TZID" not in event["dtstart"].params
    assert event["dtend"].to_ical().endswith(b"Z") and "TZID" not in event["dtend"].params
    # The invite holds one event, in UTC: no VTIMEZONE is needed.
    assert b"BEGIN:VTIMEZONE" not in ical.invite(plan, "clapham")
    # The other screenings keep their zone, and the feed its VTIMEZONE for them.
    feed = ical.feed(plan)
    assert b"DTSTART;TZID=Europe/London:20270627T183000" in feed
    assert feed.count(b"BEGIN:VTIMEZONE") == 1


def test_an_evening_in_new_yorks_repeated_hour_ends_after_it_starts():
    # 01:30 EDT and 35 minutes ends at 01:05 EST: written with TZID, every client would read
    # the end as 01:05 EDT, before the start.
    plan = odd_night("New York, repeated", short=True)
    (event,) = events(ical.invite(plan, "clapham"))
    assert event.decoded("dtstart") == dt.datetime(2027, 11, 7, 5, 30, tzinfo=dt.UTC)
    assert event.decoded("dtend") == dt.datetime(2027, 11, 7, 6, 5, tzinfo=dt.UTC)


def test_the_description_says_what_the_clock_change_did():
    plan = odd_night("London, repeated")
    (event,) = events(ical.invite(plan, "clapham"))
    description = str(event["description"])
    assert "01:30 BST  Introduction (5 min)" in description
    assert "02:49 GMT  End" in description
    assert "Start 01:30 happens twice on 2027-10-31 in Europe/London" in description


@pytest.mark.parametrize("zone", ["GMT", "UTC", "Etc/UTC"])
def test_a_zone_written_as_utc_gets_no_vtimezone(zone):
    def gmt(d):
        d["venues"]["clapham"]["timezone"] = zone

    data = ical.feed(plan_with(gmt))
    (clapham,) = [e for e in events(data) if str(e["uid"]).endswith("02")]
    assert clapham["dtstart"].to_ical() == b"20270628T190000Z"
    assert data.count(b"BEGIN:VTIMEZONE") == 1 and f"TZID:{zone}\r\n".encode() not in data
    instants(data)
