"""Interoperability: a Python client generated with grpcio-tools from proto/
pages through organisations, reads a funding summary and consumes
WatchRecords from the running query service.

Run by scripts/test.sh after the binaries are built:
    python3 tests/python/test_client.py
"""
import importlib
import os
import subprocess
import sys
import tempfile
import unittest

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
BIN = os.path.join(ROOT, "target", "debug")


def generate(out_dir):
    """Generates the tipwatch.v1 stubs into out_dir and imports them."""
    import grpc_tools
    from grpc_tools import protoc

    os.makedirs(out_dir, exist_ok=True)
    well_known = os.path.join(os.path.dirname(grpc_tools.__file__), "_proto")
    protos = [os.path.join("tipwatch", "v1", f) for f in sorted(os.listdir(os.path.join(ROOT, "proto", "tipwatch", "v1")))]
    args = ["protoc", "-I" + os.path.join(ROOT, "proto"), "-I" + well_known,
            "--python_out=" + out_dir, "--grpc_python_out=" + out_dir] + protos
    if protoc.main(args) != 0:
        raise RuntimeError("grpc_tools.protoc failed")
    sys.path.insert(0, out_dir)
    pb = importlib.import_module("tipwatch.v1.query_service_pb2")
    grpc_mod = importlib.import_module("tipwatch.v1.query_service_pb2_grpc")
    return pb, grpc_mod


class ClientTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        import grpc

        cls.tmp = tempfile.TemporaryDirectory()
        cls.pb, grpc_mod = generate(os.path.join(cls.tmp.name, "gen"))
        # The e2e write token: the server accepts it, push sends it.
        os.environ["TIPWATCH_TOKENS"] = os.environ["TIPWATCH_TOKEN"] = "tipwatch-python-token-0123456789"
        cls.server = subprocess.Popen(
            [os.path.join(BIN, "tipwatch-query"), "serve", "--listen", "127.0.0.1:0", "--data", os.path.join(cls.tmp.name, "data")],
            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
        line = cls.server.stdout.readline()
        cls.addr = line.strip().rsplit(" ", 1)[-1]
        cls.push(os.path.join(ROOT, "samples"))
        cls.channel = grpc.insecure_channel(cls.addr)
        cls.stub = grpc_mod.QueryServiceStub(cls.channel)

    @classmethod
    def tearDownClass(cls):
        cls.channel.close()
        cls.server.terminate()
        cls.server.wait(timeout=20)
        cls.tmp.cleanup()

    @classmethod
    def push(cls, *paths):
        subprocess.run([os.path.join(BIN, "tipwatch-ingest"), "push", "--server", "http://" + cls.addr, *paths],
                       check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)

    def test_pages_through_organisations(self):
        seen, token = [], ""
        while True:
            page = self.stub.ListOrganisations(self.pb.ListOrganisationsRequest(page_size=2, page_token=token))
            self.assertLessEqual(len(page.organisations), 2)
            seen.extend(o.id for o in page.organisations)
            token = page.next_page_token
            if not token:
                break
        self.assertEqual(len(seen), len(set(seen)))
        whole = self.stub.ListOrganisations(self.pb.ListOrganisationsRequest(page_size=1000))
        self.assertEqual(sorted(seen), sorted(o.id for o in whole.organisations))
        self.assertIn("organisations/iom", seen)

    def test_reads_a_funding_summary(self):
        summary = self.stub.SummariseFunding(self.pb.SummariseFundingRequest(group_by=self.pb.FUNDING_GROUP_BY_FUNDER))
        japan = [t for t in summary.totals if t.display_name == "Government of Japan"]
        self.assertEqual(len(japan), 1)
        self.assertEqual([(m.currency_code, m.units) for m in japan[0].totals], [("PHP", 12000000)])
        self.assertGreater(japan[0].usd_equivalent.units, 0)
        self.assertEqual([r.currency_code for r in japan[0].rates], ["PHP"])

    def test_consumes_watch_records_and_resumes(self):
        docs = self.stub.ListDocuments(self.pb.ListDocumentsRequest(page_size=100)).documents
        want = {d.id for d in docs}
        got, last = set(), 0
        stream = self.stub.WatchRecords(self.pb.WatchRecordsRequest(after_sequence=0), timeout=30)
        for change in stream:
            self.assertGreater(change.sequence, last)
            last = change.sequence
            if change.WhichOneof("record") == "document":
                got.add(change.document.id)
            if want <= got:
                stream.cancel()
                break
        self.assertEqual(want, got)
        with tempfile.TemporaryDirectory() as d:
            path = os.path.join(d, "late.txt")
            with open(path, "w") as f:
                f.write("Suva, 4 April 2024 - The Government of New Zealand has signed a NZD 900,000 agreement "
                        "with the International Organization for Migration (IOM) to protect migrant workers.\n")
            self.push(path)
        stream = self.stub.WatchRecords(self.pb.WatchRecordsRequest(after_sequence=last), timeout=30)
        kinds = set()
        for change in stream:
            self.assertGreater(change.sequence, last)
            kinds.add(change.WhichOneof("record"))
            if "document" in kinds and "funding_flow" in kinds:
                stream.cancel()
                break
        self.assertIn("funding_flow", kinds)


if __name__ == "__main__":
    result = unittest.main(exit=False, verbosity=2).result
    failed = len(result.failures) + len(result.errors)
    print("python: %d passed, %d failed" % (result.testsRun - failed, failed))
    sys.exit(1 if failed or result.testsRun == 0 else 0)
