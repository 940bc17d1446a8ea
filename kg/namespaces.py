"""The RDF vocabulary of diplomacy-kg: the ontology namespace and the IRI scheme of the data.

`DIP` is a `DefinedNamespace`, so a misspelt term (`DIP.partcipant`) raises instead of
silently minting a new IRI.  The terms listed here are exactly those declared in
`ontology/diplomacy.ttl`; `tests/test_ontology.py` checks the two agree.
"""

from __future__ import annotations

from rdflib import Namespace
from rdflib.namespace import DefinedNamespace
from rdflib.term import URIRef

ONTOLOGY_IRI = "https://w3id.org/diplomacy-kg/ontology"
DATA_BASE = "https://w3id.org/diplomacy-kg/id/"


class DIP(DefinedNamespace):
    """Terms of the diplomacy-kg ontology (https://w3id.org/diplomacy-kg/ontology#)."""

    _NS = Namespace(ONTOLOGY_IRI + "#")
    _fail = True

    # classes
    Article: URIRef
    Official: URIRef
    Meeting: URIRef
    Country: URIRef
    Topic: URIRef
    Organization: URIRef
    Place: URIRef
    MeetingMode: URIRef

    # meeting modes (individuals of MeetingMode)
    InPerson: URIRef
    PhoneCall: URIRef
    VideoCall: URIRef

    # object properties
    mentionsCountry: URIRef  # Article -> Country
    mentionsOrganization: URIRef  # Article -> Organization
    topic: URIRef  # Article | Meeting -> Topic
    represents: URIRef  # Official -> Country | Organization
    mentionedIn: URIRef  # Official -> Article
    reportedIn: URIRef  # Meeting -> Article
    participant: URIRef  # Meeting -> Official
    participantCountry: URIRef  # Meeting -> Country
    participantOrganization: URIRef  # Meeting -> Organization
    mode: URIRef  # Meeting -> MeetingMode
    location: URIRef  # Meeting -> Place | Country
    country: URIRef  # Place -> Country
    datelinePlace: URIRef  # Article -> Place

    # datatype properties
    date: URIRef  # Meeting -> xsd:date
    dateBasis: URIRef  # Meeting -> "explicit" | "dateline" | "relative"
    occasion: URIRef  # Meeting -> rdf:langString (Arabic, as written)
    title: URIRef  # Official -> rdf:langString (a title as written)
    isoCode: URIRef  # Country -> ISO 3166-1 alpha-2
    datelineDate: URIRef  # Article -> xsd:date
    agency: URIRef  # Article -> news agency named in the dateline


# IRIs of the data (instances); see kg.mapping for how each local name is made.
ID = Namespace(DATA_BASE)
ARTICLE = Namespace(DATA_BASE + "article/")
OFFICIAL = Namespace(DATA_BASE + "official/")
MEETING = Namespace(DATA_BASE + "meeting/")
COUNTRY = Namespace(DATA_BASE + "country/")
ORGANIZATION = Namespace(DATA_BASE + "organization/")
PLACE = Namespace(DATA_BASE + "place/")
TOPIC = Namespace(DATA_BASE + "topic/")
GRAPH = Namespace(DATA_BASE + "graph/")

PREFIXES = {
    "dip": str(DIP._NS),
    "article": str(ARTICLE),
    "official": str(OFFICIAL),
    "meeting": str(MEETING),
    "country": str(COUNTRY),
    "org": str(ORGANIZATION),
    "place": str(PLACE),
    "topic": str(TOPIC),
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "dcterms": "http://purl.org/dc/terms/",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
}
