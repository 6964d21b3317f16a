"""The pipeline of every command that delivers, in two halves, and nothing else calls a
target: `deliver` for outputs whose arrival the plan records (invites, the feed, vdir,
send, publish, remind), and `write` for those it does not (pages, posters, listings, a
return, a report, a kit, checklists). tests/usecases/test_delivering.py holds the rest of
the code to it.

`deliver`, under the plan's lock:
1. sync: calendar identities are brought up to date (`identity.Synced`: uids, SEQUENCE,
   DTSTAMP); the change is validated and checked like any other;
2. build: the outputs are made from that plan and its problems (a screening with an error
   is left out, with why);
3. deliver: a target (a folder, a file, a mail server, a CalDAV server) takes them and says
   which arrived; a server's target says so of each output the moment it is taken, and
   `journal` makes that an entry of the plan's journal, on disk before the next is sent;
4. record: only what arrived is written to the plan, so a failed write or a refused message
   is made again, the same, next time; the journal then goes.

A run stopped between 3 and 4 (Ctrl-C: the journal is folded in at once; kill -9 or a power
cut: the next session folds it in first) records exactly what the servers took.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from screenkit.calendars.identity import Synced
from screenkit.delivery.build import Built
from screenkit.delivery.targets import Arrival, Delivery, Target, deliver_to
from screenkit.output import Output
from screenkit.plan.models import Plan
from screenkit.plan.problems import Problem, warnings
from screenkit.usecases.workspace import Workspace

B = TypeVar("B", bound=Built)
Data = dict[str, Any]


@dataclass
class Delivered(Generic[B]):
    built: B
    delivery: Delivery
    problems: list[Problem]  # every problem of the plan as synced

    @property
    def warnings(self) -> list[Problem]:
        return warnings(self.problems)


def arrived(synced: Synced, delivery: Delivery) -> Data:
    """The default record: the synced calendar identity of each screening some delivered
    output carries, and nothing else."""
    return synced.keep(delivery.screenings())


def deliver(
    ws: Workspace,
    sync: Synced,
    build: Callable[[Plan, list[Problem]], B],
    target: Target | Callable[[Plan], Target] | None,
    record: Callable[[Synced, Delivery], Data] = arrived,
    *,
    label: str = "exporting",
    write: bool = True,
    stamp: str | None = None,
    journal: Callable[[Synced, Arrival], Data | None] | None = None,
) -> Delivered[B]:
    """Sync, build, deliver to `target` (or, given a function, to the target it makes of the
    plan; None delivers nothing: a dry run), and write what `record` makes of what arrived.
    `write=False` records nothing at all; `stamp` names the kind of export a folder holds
    (`stamps`), for `status` to compare with the plan later; `journal` makes the journal
    entry of each output a server takes (see above)."""
    with ws.session(write=write) as s:
        new, _ = sync(s.data, s.plan)
        s.change(new)
        problems = sorted(s.problems())
        built = build(s.plan, problems)
        delivery = Delivery()
        if target is not None:
            chosen = target if isinstance(target, Target) else target(s.plan)

            def arrived(arrival: Arrival) -> None:
                assert journal is not None
                entry = journal(sync, arrival)
                if entry is not None:
                    s.journal_entry(entry)

            try:
                with ws.progress(label, built.total) as step:
                    delivery = deliver_to(chosen, built.outputs, step,
                                          arrived if journal and write else None)  # fmt: skip
            except KeyboardInterrupt:
                if write and journal is not None:
                    s.fold_journal(sync.before)  # what the servers took before Ctrl-C, now
                raise
            if stamp is not None and not delivery.failed:
                stamp_folder(chosen, stamp_of(stamp, s.data))
        built.outputs = ()  # made as delivered; what is left of them is let go
        s.release()
        s.write(record(sync, delivery))
    return Delivered(built, delivery, problems)


def write(target: Target, outputs: Iterable[Output], step: Callable[[], None] | None = None,
          ) -> Delivery:  # fmt: skip
    """Deliver outputs the plan keeps no record of to `target`, saying which arrived."""
    return target.deliver(outputs, step) if step is not None else target.deliver(outputs)


def stamp_of(kind: str, data: Data) -> Output:
    """The stamp saying which plan content a folder holds (`stamps`), for `status`."""
    from screenkit.usecases import stamps

    return Output(stamps.NAME, stamps.stamp(kind, data), "stamp")


def stamp_folder(target: Target, stamp: Output) -> None:
    """Leave `stamp` beside what was delivered, once all of it arrived."""
    target.deliver([stamp])
