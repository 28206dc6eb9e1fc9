"""PLACEHOLDER: replaced by the real statements extractor."""
from spacy.language import Language
from spacy.tokens import Doc


@Language.component("corroborate_statements")
def component(doc: Doc) -> Doc:
    doc._.statements = []
    return doc
