"""extract_many: input order whatever the number of threads, the same records as extract, calls
from several Python threads at once, and a long stream read lazily in bounded memory."""

import gc
import threading

import whosaid
from corpus import documents


def test_order_and_determinism_with_threads(nlp):
    docs = list(documents(300, seed=3))
    one = list(nlp.extract_many(docs, jobs=1))
    three = list(nlp.extract_many(docs, jobs=3))
    default = list(nlp.extract_many(iter(docs)))
    single = [r for doc_id, text in docs for r in nlp.extract(text, doc_id=doc_id)]
    assert len(one) > 500
    assert one == three == default == single
    # Input order: document ids come in the order given.
    order = [int(r["doc_id"].split("-")[1]) for r in one]
    assert order == sorted(order)


def test_calls_from_several_python_threads(nlp):
    docs = list(documents(80, seed=5))
    expected = [nlp.extract(text, doc_id=i) for i, text in docs]
    results = {}

    def work(k):
        if k % 2:
            results[k] = [nlp.extract(text, doc_id=i) for i, text in docs]
        else:
            flat = list(nlp.extract_many(docs, jobs=2))
            results[k] = [[r for r in flat if r["doc_id"] == i] for i, _ in docs]

    threads = [threading.Thread(target=work, args=(k,)) for k in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(results) == 4
    for k in range(4):
        assert results[k] == expected, k


def rss_kib():
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    return 0


def test_a_long_stream_is_read_lazily_in_bounded_memory(nlp):
    """10,000 documents: the stream reads its input a batch at a time (never far ahead of the
    records handed out) and holds no more as it goes on."""
    count = 10_000
    pulled = 0

    def source():
        nonlocal pulled
        for doc_id, text in documents(count, seed=1, short=True):
            pulled += 1
            yield doc_id, text

    seen_docs = set()
    ahead = 0
    records = 0
    rss_early = None
    for r in nlp.extract_many(source(), jobs=2):
        index = int(r["doc_id"].split("-")[1])
        seen_docs.add(index)
        # Documents read but not yet handed out: at most a batch or two (256 each).
        ahead = max(ahead, pulled - index)
        records += 1
        if rss_early is None and index >= 2_000:
            gc.collect()
            rss_early = rss_kib()
    gc.collect()
    rss_late = rss_kib()
    assert pulled == count
    assert len(seen_docs) > count * 0.9
    assert records > count
    assert ahead <= 2 * 256, ahead
    # Reading 8,000 more documents (about 3 MB of text and 24,000 records) adds little memory.
    assert rss_late - rss_early < 40_000, (rss_early, rss_late)


def test_stream_is_an_iterator_that_ends(nlp):
    stream = nlp.extract_many(["“Yes,” Ana Silva said."])
    assert iter(stream) is stream
    assert next(stream)["speaker"] == "Ana Silva"
    assert next(stream, None) is None
    assert next(stream, None) is None
    assert isinstance(stream, whosaid.RecordStream)
