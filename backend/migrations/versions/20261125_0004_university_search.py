"""University search as students type it: folded names, acronyms, domain labels.

Revision ID: 0004_university_search
Revises: 0003_friends
Create Date: 2026-11-25 14:00:00+00:00

Students type "mit", "ucl", "berkeley", "zurich" or their e-mail's domain. Each of those
signals becomes a generated column of ``universities``, computed by PostgreSQL from the
seeded ``name`` and ``domains``: the seed (an upsert, re-run by 0002) never has to know about
them, and a re-seed that changes a name or a domain recomputes them in the same statement.

The functions are IMMUTABLE because generated columns and indexes require it: their results
depend on their arguments alone (the word lists are constants here). Changing one later means
a migration that replaces it and rewrites the columns that use it (drop and add them again),
or the stored values go stale.
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0004_university_search"
down_revision: str | None = "0003_friends"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# Words compare as words whatever the punctuation. `split_words` takes text fold_text (0003:
# lower case, accents removed, spaces collapsed) has folded: an English possessive loses its
# apostrophe ("king's" → "kings") and every other punctuation mark separates words
# ("ludwig-maximilians" → "ludwig maximilians", "a&m" → "a m", "st. andrews" →
# "st andrews"). [:punct:] has a few non-ASCII marks beside it because under the C locale
# it only knows ASCII. Its output has no LIKE wildcard (% and _ are punctuation).
SPLIT_WORDS = r"""
CREATE FUNCTION public.split_words(folded text) RETURNS text
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
RETURN btrim(regexp_replace(
    regexp_replace(folded, '''s\M', 's', 'g'),
    '[[:punct:][:space:]«»„“”‘’‚´·•…–—]+', ' ', 'g'))
"""
FOLD_WORDS = r"""
CREATE FUNCTION public.fold_words(value text) RETURNS text
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
RETURN public.split_words(public.fold_text(value))
"""

# Little words, in the languages of the list, folded: left out of an acronym
# ("Massachusetts Institute of Technology" → "mit", "Université Catholique de Louvain" →
# "ucl") and of a short name ("University of Oxford" → "oxford").
STOP_WORDS = r"""
CREATE FUNCTION public.university_stop_words() RETURNS text[]
LANGUAGE sql IMMUTABLE PARALLEL SAFE
RETURN ARRAY[
    'a', 'an', 'and', 'at', 'for', 'in', 'of', 'on', 'the', 'to',
    'au', 'aux', 'd', 'de', 'des', 'du', 'en', 'et', 'l', 'la', 'le', 'les', 'sur',
    'del', 'el', 'las', 'los', 'y', 'e',
    'da', 'das', 'do', 'dos', 'em', 'na', 'nas', 'no', 'nos',
    'di', 'della', 'delle', 'dei', 'degli', 'dello', 'ed', 'per', 'il', 'lo',
    'am', 'der', 'die', 'dem', 'den', 'fur', 'im', 'und', 'zu', 'zum', 'zur',
    'het', 'van', 'voor', 'i', 'w', 'we', 'v', 've', 'z', 'og', 'och', 'af', 'dan'
]
"""

# Where a name's first part ends: "University of California, Berkeley",
# "University of Michigan - Ann Arbor", "Graduate School ... (GSBA Zurich)".
FIRST_PART = r"""
CREATE FUNCTION public.university_first_part(name text) RETURNS text
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
RETURN regexp_replace(name, '\s*(,| [-–—] |\(|/).*$', '')
"""

# Acronyms a student may type for a name, of the whole name and of its first part:
# - the initials of every word ("University College London" → "ucl",
#   "University of Bristol" → "uob", "Texas A&M University" → "tamu");
# - unless `every_word_only`, also the initials of its significant words
#   ("Massachusetts Institute of Technology" → "mit") and abbreviations the name spells out
#   ("ETHZ - ETH Zurich" → "ethz", "eth"): mostly capitals, and not a Roman numeral ("VI").
# `every_word_only` alone ranks: of two universities with the same acronym, the one whose
# initials skip no word is the likelier ("ucl": University College London before Université
# Catholique de Louvain). PL/pgSQL, folding each name once: written as SQL subqueries,
# computing the column took ten times longer. Every name inside is schema-qualified or built
# in, so no search_path changes its meaning.
ACRONYMS = r"""
CREATE FUNCTION public.university_acronyms(name text, every_word_only boolean) RETURNS text[]
LANGUAGE plpgsql IMMUTABLE STRICT PARALLEL SAFE AS $$
DECLARE
    stop_words constant text[] := public.university_stop_words();
    folded constant text := public.fold_text(name);
    found text[] := '{}';
    part text;
    word text;
    every_word text;
    significant text;
BEGIN
    FOREACH part IN ARRAY ARRAY[folded, public.university_first_part(folded)] LOOP
        every_word := '';
        significant := '';
        FOREACH word IN ARRAY string_to_array(public.split_words(part), ' ') LOOP
            every_word := every_word || left(word, 1);
            IF word <> ALL (stop_words) THEN
                significant := significant || left(word, 1);
            END IF;
        END LOOP;
        IF length(every_word) >= 2 AND every_word <> ALL (found) THEN
            found := found || every_word;
        END IF;
        IF NOT every_word_only AND length(significant) >= 2 AND significant <> ALL (found) THEN
            found := found || significant;
        END IF;
    END LOOP;
    IF NOT every_word_only THEN
        FOREACH word IN ARRAY regexp_split_to_array(name, '[[:space:][:punct:]]+') LOOP
            IF word ~ '^[A-Z][A-Za-z0-9]*[A-Z][A-Za-z0-9]*$'
               AND length(regexp_replace(word, '[^A-Z]', '', 'g')) * 2 > length(word)
               AND word !~ '^[IVXLCDM]+$'
               AND lower(word) <> ALL (found) THEN
                found := found || lower(word);
            END IF;
        END LOOP;
    END IF;
    RETURN found;
END
$$
"""

# The name's first part without "University" (in the list's languages) and little words:
# what students call it. "University of Oxford" → "oxford", "Universität Zürich" → "zurich",
# "Harvard University" → "harvard", "University of Michigan - Ann Arbor" → "michigan".
# NULL when nothing is left.
SHORT_KEY = r"""
CREATE FUNCTION public.university_short_key(name text) RETURNS text
LANGUAGE plpgsql IMMUTABLE STRICT PARALLEL SAFE AS $$
DECLARE
    skip constant text[] := public.university_stop_words() || ARRAY[
        'university', 'universities', 'universidad', 'universidade', 'universitat',
        'universitaet', 'universite', 'universita', 'universiteit', 'universitet',
        'universitetet', 'universiteti', 'universitas', 'universiti', 'universitatea',
        'universitatis', 'uniwersytet', 'univerzita', 'univerzitet', 'univerza',
        'egyetem', 'yliopisto', 'daigaku'
    ];
    kept text[] := '{}';
    word text;
BEGIN
    FOREACH word IN ARRAY string_to_array(
        public.fold_words(public.university_first_part(name)), ' '
    ) LOOP
        IF word <> ALL (skip) THEN
            kept := kept || word;
        END IF;
    END LOOP;
    RETURN nullif(array_to_string(kept, ' '), '');
END
$$
"""

# The label that names the institution in each domain: the one left of the public suffix
# ("berkeley.edu" → "berkeley", "ucl.ac.uk" → "ucl", "student.murdoch.edu.au" → "murdoch"),
# with and without its hyphens ("tu-berlin.de" → "tu-berlin", "tuberlin": a query's words
# run together match the latter, "tu berlin"). A second-level label in the list below is
# part of the suffix.
DOMAIN_LABELS = r"""
CREATE FUNCTION public.domain_labels(domains text[]) RETURNS text[]
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
RETURN ARRAY(
    SELECT DISTINCT spelling
    FROM unnest(domains) AS domain,
         LATERAL string_to_array(regexp_replace(lower(domain), '^www\.', ''), '.') AS labels,
         LATERAL cardinality(labels) AS n,
         LATERAL (SELECT CASE WHEN n > 2 AND labels[n - 1] = ANY (ARRAY[
             'ac', 'edu', 'co', 'com', 'org', 'net', 'gov', 'gob', 'gouv', 'govt', 'mil',
             'nic', 'sch', 'res', 'int', 'or', 'ne', 'go', 'ed', 'lg', 'ernet', 'info', 'biz',
             'asso', 'k12'
         ]) THEN labels[n - 2] ELSE labels[n - 1] END) AS named(label),
         LATERAL unnest(ARRAY[label, replace(label, '-', '')]) AS spelling
    WHERE n >= 2
    ORDER BY spelling
)
"""

FUNCTIONS = (
    SPLIT_WORDS,
    FOLD_WORDS,
    STOP_WORDS,
    FIRST_PART,
    ACRONYMS,
    SHORT_KEY,
    DOMAIN_LABELS,
)
DROP_FUNCTIONS = (
    "public.domain_labels(text[])",
    "public.university_short_key(text)",
    "public.university_acronyms(text, boolean)",
    "public.university_first_part(text)",
    "public.university_stop_words()",
    "public.fold_words(text)",
    "public.split_words(text)",
)


def upgrade() -> None:
    for function in FUNCTIONS:
        op.execute(function)

    # One statement, so the table is rewritten once rather than once per column.
    op.execute(
        """
        ALTER TABLE universities
            ADD COLUMN name_key text NOT NULL GENERATED ALWAYS AS (fold_words(name)) STORED,
            ADD COLUMN short_key text GENERATED ALWAYS AS (university_short_key(name)) STORED,
            ADD COLUMN acronyms text[] NOT NULL
                GENERATED ALWAYS AS (university_acronyms(name, false)) STORED,
            ADD COLUMN domain_labels text[] NOT NULL
                GENERATED ALWAYS AS (domain_labels(domains)) STORED
        """
    )
    # The folded name replaces the raw name in the trigram index, so accents no longer
    # matter; GIN instead of GiST: it finds names containing a text (LIKE) or a word near
    # a typo (`<%`) in a fraction of a millisecond where GiST took milliseconds. (GiST's
    # nearest-first scan no longer pays: ties on distance are put in a total order anyway.)
    op.drop_index("ix_universities_name_trgm", table_name="universities")
    op.create_index(
        "ix_universities_name_key_trgm",
        "universities",
        ["name_key"],
        postgresql_using="gin",
        postgresql_ops={"name_key": "gin_trgm_ops"},
    )
    op.create_index(
        "ix_universities_acronyms", "universities", ["acronyms"], postgresql_using="gin"
    )
    op.create_index(
        "ix_universities_domain_labels", "universities", ["domain_labels"], postgresql_using="gin"
    )
    # Short names are compared whole and by prefix ("oxf" → "oxford"), in C order.
    op.create_index(
        "ix_universities_short_key",
        "universities",
        ["short_key"],
        postgresql_ops={"short_key": "text_pattern_ops"},
    )
    # Statistics for the new columns now, so the first searches are planned on them rather
    # than on guesses until autovacuum gets round to it.
    op.execute("ANALYZE universities")


def downgrade() -> None:
    op.drop_index("ix_universities_short_key", table_name="universities")
    op.drop_index("ix_universities_domain_labels", table_name="universities")
    op.drop_index("ix_universities_acronyms", table_name="universities")
    op.drop_index("ix_universities_name_key_trgm", table_name="universities")
    op.create_index(
        "ix_universities_name_trgm",
        "universities",
        ["name"],
        postgresql_using="gist",
        postgresql_ops={"name": "gist_trgm_ops"},
    )
    for column in ("domain_labels", "acronyms", "short_key", "name_key"):
        op.drop_column("universities", column)
    for function in DROP_FUNCTIONS:
        op.execute(f"DROP FUNCTION {function}")
