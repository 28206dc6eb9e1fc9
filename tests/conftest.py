import pytest


@pytest.fixture(scope="session")
def nlp():
    import corroborate

    return corroborate.load_pipeline()
