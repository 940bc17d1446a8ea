"""The RDF vocabulary of diplomacy-kg: the ontology namespace and the IRI scheme of the data.

`DIP` is a `DefinedNamespace`, so a misspelt term (`DIP.partcipant`) raises instead of
silently minting a new IRI.  The terms listed here are exactly those declared in
`ontology/diplomacy.ttl`; `tests/test_ontology.py` checks the two agree.
"""

from __future__ import annotations

from rdflib import Namespace
from rdflib.namespace import DefinedNamespace
from rdflib.term import URIRef

# the plain strings live in kg.prefixes (importable without rdflib); re-exported here
from kg.prefixes import DATA_BASE as DATA_BASE
from kg.prefixes import ONTOLOGY_IRI as ONTOLOGY_IRI
from kg.prefixes import PREFIXES as PREFIXES


class DIP(DefinedNamespace):
    """Terms of the diplomacy-kg ontology (https://w3id.org/diplomacy-kg/ontology#)."""

    _NS = Namespace(PREFIXES["dip"])
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
ARTICLE = Namespace(PREFIXES["article"])
OFFICIAL = Namespace(PREFIXES["official"])
MEETING = Namespace(PREFIXES["meeting"])
COUNTRY = Namespace(PREFIXES["country"])
ORGANIZATION = Namespace(PREFIXES["organization"])
PLACE = Namespace(PREFIXES["place"])
TOPIC = Namespace(PREFIXES["topic"])
GRAPH = Namespace(DATA_BASE + "graph/")
PARTICIPATION = Namespace(PREFIXES["participation"])
TENURE = Namespace(PREFIXES["tenure"])
ROLE = Namespace(PREFIXES["role"])
EVIDENCE = Namespace(PREFIXES["evidence"])
SPAN = Namespace(PREFIXES["span"])
STATEMENT = Namespace(DATA_BASE + "statement/")
EXTRACTION = Namespace(DATA_BASE + "extraction/")
AGENT = Namespace(DATA_BASE + "agent/")
DATASET = Namespace(DATA_BASE + "dataset/")
# Crosswalk targets. Neither CAMEO nor PLOVER publishes IRIs for its codes, so the project
# mints one per code here, each described in ontology/diplomacy.ttl with its label and the
# codebook it comes from (the CAMEO manual, the PLOVER manual of openeventdata/PLOVER).
CAMEO = Namespace(PREFIXES["cameo"])
PLOVER = Namespace(PREFIXES["plover"])

# external vocabularies the graph uses beyond rdflib's built-in namespaces
OA = Namespace(PREFIXES["oa"])
ORG = Namespace(PREFIXES["org"])
PROV = Namespace(PREFIXES["prov"])
SCHEMA = Namespace(PREFIXES["schema"])
VOID = Namespace("http://rdfs.org/ns/void#")
DCAT = Namespace("http://www.w3.org/ns/dcat#")
WD = Namespace(PREFIXES["wd"])
