"""A restart in the middle of a handoff: a REST visitor whom a staff member took stays with that person after
the Rasa server stopped and started again, gets staff's texts once, and can go back to the assistant.

The cheapest real restart: the running assistant's Rasa server process alone is stopped (as `qicc run` stops
it) and started again with the same command, port and state folder, while the action server and the console
keep running, as when the supervisor restarts a Rasa server that stopped. That is one model load (under a
minute) instead of a second assistant (its three servers, minutes on a small machine).
"""

from __future__ import annotations

from bot.center.answers import reply
from bot.processes.servers import Servers


def restart_rasa_server(servers: Servers) -> None:
    stopped = servers.processes["Rasa server"]
    Servers(servers.model, servers.config, {"Rasa server": stopped}).stop()  # stop() stops what it holds
    servers.start_one("Rasa server")
    servers.wait_ready()
    assert stopped.poll() is not None and servers.processes["Rasa server"].pid != stopped.pid


def test_a_handoff_goes_on_after_the_rasa_server_restarts(assistant, handoffs, staff_on_duty, center):
    sender = assistant.new_sender()
    queued = assistant.reply_text("I want to talk to a person", sender)
    assert queued.startswith(reply(center, "handoff_queued", "en", minutes="2")[:30])
    handoff = handoffs.open_for(f"rest:{sender}")
    assert handoff is not None and handoffs.take(handoff.id, staff_on_duty)

    restart_rasa_server(assistant.servers)

    assert assistant.ask("Can I bring my dog to the center?", sender) == []  # still for staff, not the assistant
    assert [(m.author, m.text) for m in handoffs.messages(handoff.id)] == [
        ("visitor", "Can I bring my dog to the center?")
    ]
    handoffs.add(handoff.id, "staff", "Small dogs on a leash are welcome.", staff=staff_on_duty)
    assert assistant.reply_text("thanks, one moment", sender) == "Small dogs on a leash are welcome."
    assert assistant.ask("ok", sender) == []  # delivered once
    assert [m.state for m in handoffs.messages(handoff.id) if m.author == "staff"] == ["delivered"]

    assert assistant.reply_text("back to the assistant", sender) == reply(center, "handoff_back", "en")
    assert center.phone in assistant.reply_text("what is your phone number?", sender)
    assert handoffs.get(handoff.id).outcome == "answered"
