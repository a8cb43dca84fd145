"""Every option the binary accepts, and every option of the CLI contract, is in the man page."""

import os
import subprocess
import unittest

import cli_contract


def help_text(*args):
    binary = os.environ.get("S3MIRROR_BIN")
    if not binary:
        raise unittest.SkipTest("S3MIRROR_BIN is not set (run through ctest)")
    result = subprocess.run([binary, *args], capture_output=True, timeout=30,
                            stdin=subprocess.DEVNULL)
    if result.returncode != 0:
        raise AssertionError(f"s3mirror {' '.join(args)} exited {result.returncode}")
    return result.stdout.decode("utf-8", "replace")


class ManPageTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.man = cli_contract.rendered_man_page()

    def test_every_long_option_in_the_help_texts_is_in_the_man_page(self):
        for args in (["--help"], ["sync", "--help"], ["status", "--help"],
                     ["heartbeat", "--help"]):
            for option in sorted(cli_contract.long_options(help_text(*args))):
                with self.subTest(help=" ".join(args), option=option):
                    self.assertIn(option, self.man)

    def test_every_option_of_the_contract_is_in_the_man_page(self):
        for option in (cli_contract.GLOBAL_OPTIONS + cli_contract.SYNC_OPTIONS
                       + cli_contract.STATUS_OPTIONS):
            with self.subTest(option=option):
                self.assertIn(option, self.man)

    def test_man_page_has_the_sections_operators_look_for(self):
        for section in ("NAME", "SYNOPSIS", "DESCRIPTION", "COMMANDS", "OPTIONS", "ENVIRONMENT",
                        "FILES", "EXIT STATUS", "EXAMPLES", "SEE ALSO"):
            self.assertIn(f"\n{section}\n", self.man)
        exit_status = self.man.split("\nEXIT STATUS\n", 1)[-1].split("\nEXAMPLES\n", 1)[0]
        for code in ("0", "1", "2", "3", "4", "75", "130", "143"):
            self.assertRegex(exit_status, rf"(?<![\d.]){code}(?![\d.])")


if __name__ == "__main__":
    unittest.main(verbosity=2)
