"""The IRI bases and prefixes of diplomacy-kg as plain strings, importable without rdflib.

`kg query` and the output writers need only these strings; importing rdflib for them
would cost a cold start more than the query itself.  `kg.namespaces` builds its rdflib
namespaces from the same strings.
"""

ONTOLOGY_IRI = "https://w3id.org/diplomacy-kg/ontology"
DATA_BASE = "https://w3id.org/diplomacy-kg/id/"

PREFIXES = {
    "dip": ONTOLOGY_IRI + "#",
    "article": DATA_BASE + "article/",
    "official": DATA_BASE + "official/",
    "meeting": DATA_BASE + "meeting/",
    "country": DATA_BASE + "country/",
    "organization": DATA_BASE + "organization/",
    "place": DATA_BASE + "place/",
    "topic": DATA_BASE + "topic/",
    "participation": DATA_BASE + "participation/",
    "tenure": DATA_BASE + "tenure/",
    "role": DATA_BASE + "role/",
    "evidence": DATA_BASE + "evidence/",
    "span": DATA_BASE + "span/",
    "cameo": DATA_BASE + "cameo/",
    "plover": DATA_BASE + "plover/",
    "oa": "http://www.w3.org/ns/oa#",
    "org": "http://www.w3.org/ns/org#",
    "prov": "http://www.w3.org/ns/prov#",
    "schema": "https://schema.org/",
    "wd": "http://www.wikidata.org/entity/",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "dcterms": "http://purl.org/dc/terms/",
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
}
