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
    Participation: URIRef
    Tenure: URIRef

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
    hasParticipation: URIRef  # Meeting -> Participation
    official: URIRef  # Participation -> Official
    inCapacity: URIRef  # Participation -> Tenure
    attestedIn: URIRef  # Tenure -> Article

    # datatype properties
    date: URIRef  # Meeting -> xsd:date
    dateBasis: URIRef  # Meeting -> "explicit" | "dateline" | "relative"
    occasion: URIRef  # Meeting -> rdf:langString (Arabic, as written)
    title: URIRef  # Official -> rdf:langString (a title as written)
    isoCode: URIRef  # Country -> ISO 3166-1 alpha-2
    datelineDate: URIRef  # Article -> xsd:date
    agency: URIRef  # Article -> news agency named in the dateline
    attestedOn: URIRef  # Tenure -> xsd:date (the day the office was seen held)
    isoAlpha3Code: URIRef  # Country -> ISO 3166-1 alpha-3


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
PARTICIPATION = Namespace(DATA_BASE + "participation/")
TENURE = Namespace(DATA_BASE + "tenure/")
ROLE = Namespace(DATA_BASE + "role/")
EVIDENCE = Namespace(DATA_BASE + "evidence/")
SPAN = Namespace(DATA_BASE + "span/")
STATEMENT = Namespace(DATA_BASE + "statement/")
EXTRACTION = Namespace(DATA_BASE + "extraction/")
AGENT = Namespace(DATA_BASE + "agent/")
DATASET = Namespace(DATA_BASE + "dataset/")
# Crosswalk targets. Neither CAMEO nor PLOVER publishes IRIs for its codes, so the project
# mints one per code here, each described in ontology/diplomacy.ttl with its label and the
# codebook it comes from (the CAMEO manual, the PLOVER manual of openeventdata/PLOVER).
CAMEO = Namespace(DATA_BASE + "cameo/")
PLOVER = Namespace(DATA_BASE + "plover/")

# external vocabularies the graph uses beyond rdflib's built-in namespaces
OA = Namespace("http://www.w3.org/ns/oa#")
ORG = Namespace("http://www.w3.org/ns/org#")
PROV = Namespace("http://www.w3.org/ns/prov#")
SCHEMA = Namespace("https://schema.org/")
VOID = Namespace("http://rdfs.org/ns/void#")
DCAT = Namespace("http://www.w3.org/ns/dcat#")
WD = Namespace("http://www.wikidata.org/entity/")

PREFIXES = {
    "dip": str(DIP._NS),
    "article": str(ARTICLE),
    "official": str(OFFICIAL),
    "meeting": str(MEETING),
    "country": str(COUNTRY),
    "organization": str(ORGANIZATION),
    "place": str(PLACE),
    "topic": str(TOPIC),
    "participation": str(PARTICIPATION),
    "tenure": str(TENURE),
    "role": str(ROLE),
    "evidence": str(EVIDENCE),
    "span": str(SPAN),
    "cameo": str(CAMEO),
    "plover": str(PLOVER),
    "oa": str(OA),
    "org": str(ORG),
    "prov": str(PROV),
    "schema": str(SCHEMA),
    "wd": str(WD),
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "dcterms": "http://purl.org/dc/terms/",
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
}
