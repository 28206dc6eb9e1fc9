"""In-document entities and the lookups the statements extractor makes."""
import json
from pathlib import Path

import pytest

from corroborate.extract.entities import canonical_name, entity_for_span, person_gender

SHARED = Path(__file__).resolve().parents[2].parent / "shared"
WIKINEWS = SHARED / "data" / "wikinews" / "articles.jsonl"


def entity(doc, name):
    found = [e for e in doc._.entities if e.name == name]
    assert len(found) == 1, [(e.name, e.type) for e in doc._.entities]
    return found[0]


def texts(e):
    return [m.text for m in e.mentions]


def lookup(doc, phrase, context=None):
    """entity_for_span and canonical_name of ``phrase`` (first found where ``context`` starts)."""
    start = doc.text.index(context or phrase)
    end = start + len(phrase)
    return entity_for_span(doc, start, end), canonical_name(doc, start, end)


def test_surname_joins_the_full_name(nlp):
    doc = nlp("Maria Lopez visited the plant on Tuesday. Lopez said the factory would reopen.")
    lopez = entity(doc, "Maria Lopez")
    assert lopez.type == "PERSON"
    assert ["Maria Lopez", "Lopez"] == [m for m in texts(lopez) if "Lopez" in m]


def test_shared_surname_stays_apart_from_both_people(nlp):
    doc = nlp("Anna Weiss spoke first. Anna Weiss thanked the crowd. Her brother Paul Weiss came later. Weiss said it was late.")
    found, name = lookup(doc, "Weiss", context="Weiss said")
    assert found is not entity(doc, "Anna Weiss") and found is not entity(doc, "Paul Weiss")
    assert (found.type, name) == ("PERSON", "Weiss")


def test_shared_surname_is_the_one_not_called_by_first_name(nlp):
    doc = nlp("Laura Mendes and her husband Paulo Mendes ran the bakery for years. Laura said the ovens were old. "
              "Mendes told reporters the bakery would close.")
    found, name = lookup(doc, "Mendes", context="Mendes told")
    assert found is entity(doc, "Paulo Mendes") and name == "Paulo Mendes"
    assert lookup(doc, "Laura", context="Laura said")[0] is entity(doc, "Laura Mendes")


def test_courtesy_title_of_the_other_gender_is_another_person(nlp):
    doc = nlp("Tomas Brenner said he had found the letter. He said it was old. "
              "Miss Brenner told the court she had never seen it.")
    tomas = entity(doc, "Tomas Brenner")
    found, _ = lookup(doc, "Miss Brenner")
    assert found is not tomas and person_gender(found) == "f"


def test_title_is_stripped_from_the_name_and_kept_in_the_mention(nlp):
    doc = nlp("Prime Minister Anna Berg met farmers on Friday. Berg promised new subsidies.")
    berg = entity(doc, "Anna Berg")
    assert "Prime Minister Anna Berg" in texts(berg)
    assert lookup(doc, "Prime Minister Anna Berg") == (berg, "Anna Berg")


def test_apposition_before_the_name(nlp):
    doc = nlp("The company's chief executive, Tomas Weller, said profits fell.")
    weller = entity(doc, "Tomas Weller")
    assert "The company's chief executive" in texts(weller)
    assert lookup(doc, "The company's chief executive, Tomas Weller,")[0] is weller


def test_apposition_after_the_name(nlp):
    doc = nlp("Tomas Weller, the company's chief executive, said profits fell.")
    assert "the company's chief executive" in texts(entity(doc, "Tomas Weller"))


def test_capital_acting_is_its_country_and_a_place_of_events_is_the_city(nlp):
    doc = nlp("Beijing said the talks had failed. The delegation flew to Beijing on Monday.")
    china, city = entity(doc, "China"), entity(doc, "Beijing")
    assert (china.type, texts(china)) == ("GPE", ["Beijing"])
    assert city.mentions[0].start == doc.text.index("Beijing on")


def test_possessor_capital_renamed_in_a_source_phrase(nlp):
    doc = nlp("Beijing's diplomats said the talks had failed.")
    assert lookup(doc, "Beijing's diplomats") == (None, "China's diplomats")


def test_seat_of_government_is_the_institution(nlp):
    doc = nlp("The Kremlin declined to comment on the report.")
    kremlin = entity(doc, "Russian government")
    assert (kremlin.type, texts(kremlin)) == ("ORG", ["Kremlin"])


def test_organisation_abbreviations_are_one_entity(nlp):
    doc = nlp("Nato said the drills would go ahead. NATO officials declined to comment.")
    nato = entity(doc, "NATO")
    assert texts(nato) == ["Nato", "NATO"]


def test_country_alias(nlp):
    doc = nlp("The US imposed sanctions on Monday.")
    assert lookup(doc, "The US")[1] == "United States"


def test_acronym_defined_in_the_text(nlp):
    doc = nlp("The World Food Programme (WFP) sent trucks. WFP said more were needed.")
    wfp = entity(doc, "World Food Programme")
    assert texts(wfp) == ["World Food Programme", "WFP", "WFP"]


def test_lookup_by_syntactic_head(nlp):
    doc = nlp("South Africa's health agency said cases had doubled.")
    assert lookup(doc, "South Africa's health agency") == (None, "South Africa's health agency")
    assert lookup(doc, "South Africa")[0] is entity(doc, "South Africa")


def test_canonical_name_drops_the_article(nlp):
    doc = nlp("A senior Polish official said the border would stay closed.")
    assert lookup(doc, "A senior Polish official") == (None, "senior Polish official")


def test_phrase_that_is_a_known_alias_gets_its_canonical_name(nlp):
    doc = nlp("On Monday the US defence department estimated the cost.")
    assert lookup(doc, "the US defence department") == (None, "US Department of Defense")


def test_title_description_refers_back_to_the_one_person_with_that_title(nlp):
    doc = nlp(
        "Defence ministry spokeswoman Ines Varga said the drills were over. "
        "Hours later the spokeswoman added that two ships had returned."
    )
    varga = entity(doc, "Ines Varga")
    assert lookup(doc, "the spokeswoman")[0] is varga
    assert person_gender(varga) == "f"


def test_generic_title_refers_to_a_leader_with_a_matching_affiliation(nlp):
    doc = nlp("The agency's director general, Omar Haddad, spoke in Geneva. The newly elected Unesco chief said funds were short.")
    assert lookup(doc, "The newly elected Unesco chief")[0] is entity(doc, "Omar Haddad")


def test_ambiguous_description_is_left_unresolved(nlp):
    doc = nlp("President Lena Ortiz met President Karl Brandt in Vienna. The president said the talks went well.")
    assert lookup(doc, "The president")[0] is None


def test_specific_title_does_not_match_another_title_of_its_class(nlp):
    doc = nlp("Mayor Rosa Diaz opened the bridge. The prime minister sent a message.")
    assert lookup(doc, "The prime minister")[0] is None


def test_gender_from_an_honorific(nlp):
    doc = nlp("Mr Okafor said the vote was fair.")
    assert person_gender(entity(doc, "Okafor")) == "m"


def test_ids_follow_first_mention_and_the_index_is_set(nlp):
    doc = nlp("Kenya and Uganda signed the deal. Kenya will pay first.")
    assert [(e.id, e.name) for e in doc._.entities] == [("e1", "Kenya"), ("e2", "Uganda")]
    assert doc._.entity_index is not None


@pytest.mark.skipif(not WIKINEWS.exists(), reason="shared data not found")
def test_real_articles_mentions_index_their_text(nlp):
    with WIKINEWS.open() as f:
        articles = [json.loads(line)["text"] for _, line in zip(range(20), f)]
    for doc in nlp.pipe(articles):
        for e in doc._.entities:
            assert e.name and e.name == e.name.strip()
            for m in e.mentions:
                assert doc.text[m.start : m.end] == m.text


# -- organisations, headlines, speakers (sentences written for these tests) --------------------


def test_initials_and_legal_suffix_join_the_company(nlp):
    doc = nlp("General Motors said on Tuesday that it lost $9.6 billion. GM chief executive Rick Wagoner said "
              "the company would survive. Chrysler LLC, which is owned by Cerberus, said it needed help.")
    gm = entity(doc, "General Motors")
    assert "GM" in texts(gm) and not any(e.name == "Motors" for e in doc._.entities)
    assert texts(entity(doc, "Chrysler LLC")) == ["Chrysler LLC"]
    assert not any(e.name == "LLC" for e in doc._.entities)


def test_company_short_form_is_the_company(nlp):
    doc = nlp("Ford Motor Company reported a loss of $14.6 billion. Ford said its cash would last the year.")
    ford = entity(doc, "Ford Motor Company")
    assert texts(ford) == ["Ford Motor Company", "Ford"]
    assert lookup(doc, "Ford", context="Ford said") == (ford, "Ford Motor Company")


def test_team_in_a_title_phrase_is_a_name_of_its_own(nlp):
    doc = nlp("On Sunday, Colts QB Andrew Luck said it was a team win.")
    luck, colts = entity(doc, "Andrew Luck"), entity(doc, "Colts")
    assert colts.type == "ORG" and "Colts" not in " ".join(texts(luck))


def test_headline_is_read_for_the_names_inside(nlp):
    doc = nlp("Mayor Tessa Rind Opens New Bridge In Harwick\n"
              "Tessa Rind opened the bridge on Monday. Rind said it cost less than planned.")
    rind = entity(doc, "Tessa Rind")
    assert texts(rind) == ["Mayor Tessa Rind", "Tessa Rind", "Rind"]
    assert not any("Opens" in e.name for e in doc._.entities)


def test_speaker_the_model_missed_is_a_person(nlp):
    doc = nlp('"We will not stand by," Tomas Ekdal said. Ekdal spoke outside the ministry.')
    assert [e.label_ for e in doc.ents if e.text == "Tomas Ekdal"] != ["PERSON"]  # what the model says
    ekdal = entity(doc, "Tomas Ekdal")
    assert ekdal.type == "PERSON" and texts(ekdal) == ["Tomas Ekdal", "Ekdal"]


def test_pronouns_resolve_but_are_no_mentions(nlp):
    from corroborate.extract.entities import referent

    doc = nlp("Health Minister Sara Malik visited the hospital. She said that the outbreak was under control.")
    she = next(t for t in doc if t.text == "She")
    assert referent(doc, she).entity is entity(doc, "Sara Malik")
    assert all(m.text != "She" for e in doc._.entities for m in e.mentions)
