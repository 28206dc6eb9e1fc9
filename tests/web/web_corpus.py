"""The articles the web tests ingest, written for them."""

# Short articles written for these tests. Two disagree on one toll; a third reports a range.
TEXTS = [
    ("Flood toll rises in Ennisford\nThe mayor of Ennisford, Ada Quell, said at least 40 people were killed in the "
     "flood on Monday. \"We are still searching the river banks,\" Quell told reporters.\n", "2026-03-02", "Daily Test"),
    ("Ennisford flood deaths disputed\nThe governor, Bram Osei, said 25 people were killed in the Ennisford flood "
     "when the weir failed. Osei said the flood damage in Ennisford would cost $3 million to repair.\n", "2026-03-03",
     "Evening Post"),
    ("Storm hits coast\nPolice said between 100 and 120 homes were destroyed by the storm on Friday.\n",
     "2026-03-06", "Daily Test"),
    ("Council vote\nThe mayor, Ada Quell, said the council <script>alert('x')</script> would meet again next week.\n",
     "2026-03-07", "Evening Post"),
]
TOKEN = "test-token-123"
