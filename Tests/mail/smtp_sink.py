#!/usr/bin/env python3
"""An SMTP server on loopback that keeps every message it accepts, for the tests of
`dti remind --send` through a real mail program (msmtp).

    smtp_sink.py FOLDER [--refuse ADDRESS]...

Prints the port it listens on, then writes each accepted message to FOLDER/NNN.eml (the
bytes as received, with an X-Envelope-To header first) until its standard input closes.
A recipient given with --refuse is answered 550, as a relay refuses an unknown mailbox.
"""
import asyncio
import pathlib
import socket
import sys

from aiosmtpd.controller import Controller


class Keeper:
    def __init__(self, folder, refused):
        self.folder = pathlib.Path(folder)
        self.refused = {address.lower() for address in refused}
        self.count = 0

    async def handle_RCPT(self, server, session, envelope, address, options):
        if address.lower() in self.refused:
            return "550 5.1.1 <%s>: mailbox unavailable" % address
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        self.count += 1
        head = ("X-Envelope-To: " + ", ".join(envelope.rcpt_tos) + "\r\n").encode()
        path = self.folder / ("%03d.eml" % self.count)
        path.write_bytes(head + envelope.original_content)
        return "250 Message accepted"


def main():
    args = sys.argv[1:]
    folder = args[0]
    refused = [args[i + 1] for i, arg in enumerate(args) if arg == "--refuse"]
    # A free port (aiosmtpd checks its own with a connection, so it cannot be given 0).
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    controller = Controller(Keeper(folder, refused), hostname="127.0.0.1", port=port)
    controller.start()
    print(port, flush=True)
    sys.stdin.read()
    controller.stop()


if __name__ == "__main__":
    main()
