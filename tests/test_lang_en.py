from datetime import date

import pytest

from rasad.lang.ar.normalize import normalize_str
from rasad.lang.detect import detect_language
from rasad.lang.en.numbers import find_quantities, parse_number
from rasad.lang.scan import view_tokens
from rasad.pipeline import Pipeline
from rasad.types import ActorMention, Document, Event


def _value(text: str) -> tuple[int, bool] | None:
    num = parse_number(view_tokens(normalize_str(text)), 0)
    return None if num is None else (num.value, num.approximate)


@pytest.mark.parametrize(("text", "expected"), [
    ("12", (12, False)),
    ("1,500", (1500, False)),
    ("two", (2, False)),
    ("twenty-five", (25, False)),
    ("one hundred and fifty", (150, False)),
    ("two dozen", (24, False)),
    ("a dozen", (12, False)),
    ("dozens", (24, True)),
    ("hundreds", (200, True)),
    ("several", (3, True)),
    ("a few", (3, True)),
])
def test_parse_number(text: str, expected: tuple[int, bool]) -> None:
    assert _value(text) == expected


def test_detect_english_with_arabic_name() -> None:
    assert detect_language("Fighters of Liwa al-Quds (لواء القدس) entered Tadmur") == "en"


def test_modifiers_and_post_verbs() -> None:
    qs = find_quantities("At least 12 civilians were killed and dozens of vehicles burned.")
    got = {(q.unit, q.value, q.lower_bound, q.approximate) for q in qs}
    assert ("civilians", 12, True, False) in got
    assert ("fatalities", 12, True, False) in got
    assert ("vehicles", 24, False, True) in got


def test_names_and_years_are_not_counts() -> None:
    assert find_quantities("The 47th Brigade and Brigade 313 fighters moved in 2019") == []
    assert find_quantities("In 2019 troops withdrew") == []


# ---------------------------------------------------------------- English event rules
# Sentences written for these tests; they check what the rules propose (no learned filter).

def _events(rules_pipeline: Pipeline, text: str) -> list[Event]:
    doc = rules_pipeline(Document(text=text, id="t", published=date(2024, 3, 13)))
    return doc.events


def _names(side: list[ActorMention]) -> set[str | None]:
    return {a.name for a in side}


def test_nationality_before_the_weapon_names_the_attacker(rules_pipeline: Pipeline) -> None:
    events = _events(rules_pipeline, "A Turkish drone strike hit a car near Qamishli on "
                     "Monday, killing two fighters of the SDF.")
    strike = next(e for e in events if e.sub_event_type == "Air/drone strike")
    assert _names(strike.actor1) == {"Turkish Armed Forces"}
    assert "SDF" in _names(strike.actor2)


def test_killed_in_a_strike_names_the_cause_not_the_victim(rules_pipeline: Pipeline) -> None:
    events = _events(rules_pipeline, "A shepherd was killed in a Turkish drone strike near "
                     "Kobani on Friday.")
    strike = next(e for e in events if e.sub_event_type == "Air/drone strike")
    assert _names(strike.actor1) == {"Turkish Armed Forces"}


def test_teller_after_the_event_is_no_party(rules_pipeline: Pipeline) -> None:
    events = _events(rules_pipeline, "An Israeli drone struck a motorcycle in Bint Jbeil on "
                     "Sunday, killing one man, Hezbollah said.")
    strike = next(e for e in events if e.sub_event_type == "Air/drone strike")
    assert "Hezbollah" not in _names(strike.actor1) | _names(strike.actor2)
    events = _events(rules_pipeline, "A Turkish drone hit a car in Amuda on Monday, killing "
                     "two civilians, the Kurdish-led Internal Security Forces (Asayish) said.")
    strike = next(e for e in events if e.sub_event_type == "Air/drone strike")
    assert "Asayish" not in _names(strike.actor1) | _names(strike.actor2)
    events = _events(rules_pipeline, "Regime forces shelled Kafr Nabl on Friday, according "
                     "to the SDF.")
    shelling = next(e for e in events if e.sub_event_type == "Shelling/artillery/missile attack")
    assert _names(shelling.actor1) == {"Syrian Arab Army"}
    assert "SDF" not in _names(shelling.actor2)


def test_passive_victims_and_by_agents(rules_pipeline: Pipeline) -> None:
    events = _events(rules_pipeline, "Five members of the Syrian regime forces were killed in "
                     "an ambush by the Islamic State near Palmyra on Tuesday.")
    clash = next(e for e in events if e.sub_event_type == "Armed clash")
    assert _names(clash.actor1) == {"Islamic State"}
    assert _names(clash.actor2) == {"Syrian Arab Army"}
    events = _events(rules_pipeline, "Two members of Assad's militia were wounded by an "
                     "explosive device in Tafas on Monday.")
    ied = next(e for e in events if e.sub_event_type == "Remote explosive/landmine/IED")
    assert "Syrian Arab Army" in _names(ied.actor2)
    assert "Syrian Arab Army" not in _names(ied.actor1)


def test_reported_that_is_not_a_relative_clause(rules_pipeline: Pipeline) -> None:
    events = _events(rules_pipeline, "Local activists reported that protests broke out on "
                     "Friday in Salqin.")
    assert any(e.sub_event_type == "Peaceful protest" for e in events)
    # A true relative clause still refers back to an event told elsewhere.
    events = _events(rules_pipeline, "The positions that Hezbollah evacuated lie near Qusayr.")
    assert not events


def test_month_names_are_not_marches(rules_pipeline: Pipeline) -> None:
    events = _events(rules_pipeline, "BEIRUT, March 6 - Government forces shelled the town of "
                     "Kafr Nabl.")
    assert not [e for e in events if e.event_type == "Protests"]


@pytest.mark.parametrize(("text", "sub_type"), [
    ("Hezbollah abandoned their posts in Qusayr on Monday.", "Change to group/activity"),
    ("The Russian forces evacuated the base in Tal Rifaat on Monday.",
     "Change to group/activity"),
    ("The posts in Qusayr were transferred to the Syrian Arab Army on Monday.",
     "Non-violent transfer of territory"),
    ("The SDF has taken over positions from Russian forces in Tal Tamr.",
     "Non-violent transfer of territory"),
    ("Russian military police established bases in Amuda on Monday.",
     "Headquarters or base established"),
    ("The Syrian regime sent military reinforcements to Saraqib on Monday.",
     "Change to group/activity"),
    ("Protesters blocked roads with burning tyres in Sweida on Monday.",
     "Violent demonstration"),
])
def test_english_trigger_forms(rules_pipeline: Pipeline, text: str, sub_type: str) -> None:
    assert sub_type in {e.sub_event_type for e in _events(rules_pipeline, text)}


def test_capital_dateline_and_agency_names_are_no_event_places(rules_pipeline: Pipeline
                                                                ) -> None:
    events = _events(rules_pipeline, "Updated: BEIRUT, May 4 (Reuters) - Hezbollah fighters "
                     "withdrew from Qusayr on Monday, a source told the Idlib News Agency.")
    places = {e.location.text for e in events if e.location is not None}
    assert "Qusayr" in places
    assert not places & {"BEIRUT", "Idlib"}
    mover = next(e for e in events if e.location is not None and e.location.text == "Qusayr")
    assert _names(mover.actor1) == {"Hezbollah"}
    events = _events(rules_pipeline, "AMMAN: Jordanian troops clashed with smugglers near "
                     "Ruwaished on Sunday, the army said.")
    assert "AMMAN" not in {e.location.text for e in events if e.location is not None}


def test_attack_word_yields_to_the_weapon_told_beside_it(rules_pipeline: Pipeline) -> None:
    events = _events(rules_pipeline, "Israel attacked Mezzeh airport with missiles on "
                     "Saturday night.")
    subs = {e.sub_event_type for e in events}
    assert "Shelling/artillery/missile attack" in subs
    assert "Armed clash" not in subs


def test_taker_named_later_with_the_givers_completes_the_pullout(rules_pipeline: Pipeline
                                                                  ) -> None:
    text = ("Hezbollah fighters withdrew from Qusayr and Tal Kalakh on Monday.\n"
            "Convoys were seen on the highway.\n"
            "Witnesses described long queues at the checkpoints.\n"
            "The Syrian regime forces have taken control of the areas which the Hezbollah "
            "fighters are evacuating.")
    transfers = [e for e in _events(rules_pipeline, text)
                 if e.sub_event_type == "Non-violent transfer of territory"]
    assert {e.location.text for e in transfers if e.location} == {"Qusayr", "Tal Kalakh"}
    assert all(_names(e.actor1) == {"Syrian Arab Army"} for e in transfers)
    assert all(_names(e.actor2) == {"Hezbollah"} for e in transfers)


def test_purpose_and_campaign_wording_are_no_events(rules_pipeline: Pipeline) -> None:
    text = ("A deal was signed to end the fighting in Daraa.\n"
            "The group has been launching attacks on ships using drones for several weeks.")
    subs = {e.sub_event_type for e in _events(rules_pipeline, text)}
    assert "Armed clash" not in subs
    assert "Air/drone strike" not in subs


def test_unidentified_perpetrators(rules_pipeline: Pipeline) -> None:
    events = _events(rules_pipeline, "An explosive device planted by unidentified individuals "
                     "went off in Tafas on Monday.")
    ied = next(e for e in events if e.sub_event_type == "Remote explosive/landmine/IED")
    assert _names(ied.actor1) == {"Unidentified armed group"}


def test_group_giving_the_order_is_no_mover(rules_pipeline: Pipeline) -> None:
    events = _events(rules_pipeline, "The Fatemiyoun militia withdrew from Mayadin on Monday "
                     "by order of the IRGC.")
    move = next(e for e in events if e.sub_event_type == "Change to group/activity")
    assert _names(move.actor1) == {"Fatemiyoun"}


def test_blasts_heard_after_a_strike_are_the_strike(rules_pipeline: Pipeline) -> None:
    events = _events(rules_pipeline, "Three explosions were heard in Mayadin on Monday after "
                     "US forces fired missiles on militia checkpoints in the town.")
    subs = {e.sub_event_type for e in events}
    assert "Shelling/artillery/missile attack" in subs
    assert "Remote explosive/landmine/IED" not in subs


def test_where_a_pullout_heads_is_not_where_it_happens(rules_pipeline: Pipeline) -> None:
    events = _events(rules_pipeline, "Hezbollah fighters withdrew from Qusayr on Monday, "
                     "heading towards the capital, Damascus.")
    places = {e.location.text for e in events if e.location is not None}
    assert "Qusayr" in places and "Damascus" not in places


def test_attacked_convoy_and_ongoing_campaign_are_no_moves_or_strikes(
        rules_pipeline: Pipeline) -> None:
    events = _events(rules_pipeline, "Gunmen attacked the convoy of the governor near Tafas "
                     "on Monday.")
    assert "Change to group/activity" not in {e.sub_event_type for e in events}
    events = _events(rules_pipeline, "The Houthis have been launching drone attacks on ships "
                     "near Hodeidah.")
    assert "Air/drone strike" not in {e.sub_event_type for e in events}


def test_civilians_are_not_movers(rules_pipeline: Pipeline) -> None:
    events = _events(rules_pipeline, "HTS deployed fighters among civilians in Binnish on "
                     "Friday.")
    move = next(e for e in events if e.sub_event_type == "Change to group/activity")
    assert _names(move.actor1) == {"Hay'at Tahrir al-Sham"}
