import pytest


@pytest.fixture(scope="session")
def nlp():
    import corroborate

    return corroborate.load_pipeline()


@pytest.fixture(scope="session")
def fast_nlp():
    """The rules-only pipeline (``--fast``)."""
    import corroborate

    return corroborate.load_pipeline(fast=True)
