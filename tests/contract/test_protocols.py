"""Every backend's store has every method of core's Protocols (core/repositories.py), asynchronous
where the Protocol's is, taking at least its parameters in the same way."""

from __future__ import annotations

import inspect

from core import repositories

# every Protocol core defines, but Stage: that is what `staged()` yields, not the store
PROTOCOLS = [p for p in vars(repositories).values() if inspect.isclass(p) and getattr(p, "_is_protocol", False)
             and p.__module__ == repositories.__name__ and p is not repositories.Stage]


def _methods(protocol) -> list[str]:
    return [n for n, v in vars(protocol).items() if inspect.isfunction(v) and not n.startswith("_")]


async def test_the_store_has_every_method_of_every_protocol(store):
    kind = type(store)
    missing, wrong = [], []
    for protocol in PROTOCOLS:
        for name in _methods(protocol):
            wanted, have = getattr(protocol, name), getattr(kind, name, None)
            if have is None:
                missing.append(f"{protocol.__name__}.{name}")
                continue
            if inspect.iscoroutinefunction(wanted) != inspect.iscoroutinefunction(inspect.unwrap(have)):
                wrong.append(f"{name}: async or not")
            params = inspect.signature(inspect.unwrap(have)).parameters
            takes_any = any(q.kind is q.VAR_KEYWORD for q in params.values())
            for p in inspect.signature(wanted).parameters.values():
                if p.name not in params and not takes_any:
                    wrong.append(f"{name}({p.name}) missing")
                elif p.name in params and params[p.name].kind != p.kind:
                    wrong.append(f"{name}({p.name}) is {params[p.name].kind.description}, not {p.kind.description}")
    assert not missing and not wrong, (missing, wrong)
    assert repositories.Store in PROTOCOLS and len(PROTOCOLS) >= 16
