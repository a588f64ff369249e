"""The actor network as GraphML and GEXF (networkx writes both) for Gephi and yEd.

Colours are given the way Gephi reads them: ``r``/``g``/``b`` integer attributes in
GraphML, ``viz:color`` in GEXF; the ``#RRGGBB`` form stays as ``color`` for other tools.
"""

from __future__ import annotations

import io
from typing import IO, Any

import networkx as nx

from .kml import xml_text

JsonDict = dict[str, Any]


def _rgb(hex_rgb: str) -> tuple[int, int, int] | None:
    digits = hex_rgb.lstrip("#")
    if len(digits) != 6:
        return None
    try:
        return int(digits[0:2], 16), int(digits[2:4], 16), int(digits[4:6], 16)
    except ValueError:
        return None


def _node_attributes(node: JsonDict) -> dict[str, object]:
    color = str(node.get("bloc_color") or node.get("color") or "")
    values = {"label": node.get("name") or node["id"], "kind": node.get("kind"),
              "acled_type": node.get("acled_type"), "bloc": node.get("bloc"),
              "color": color or None, "events": node.get("events")}
    attrs: dict[str, object] = {k: (xml_text(v) if isinstance(v, str) else v)
                                for k, v in values.items() if v is not None}
    rgb = _rgb(color)
    if rgb is not None:
        attrs.update(zip(("r", "g", "b"), rgb, strict=True))
    return attrs


def network_graph(graph: JsonDict) -> nx.MultiDiGraph:
    """``{"nodes": [...], "edges": [...]}`` (see rasad.web.graph.build_network) as a
    directed multigraph: sponsor -> sponsored, commander -> actor, actor1 -> actor2."""
    out = nx.MultiDiGraph()
    for node in graph.get("nodes") or []:
        out.add_node(xml_text(node["id"]), **_node_attributes(node))
    for i, edge in enumerate(graph.get("edges") or []):
        out.add_edge(xml_text(edge["source"]), xml_text(edge["target"]), key=f"e{i}",
                     relation=xml_text(edge.get("kind")),
                     weight=float(edge.get("weight", 1)))
    return out


def write_graphml(graph: JsonDict, stream: IO[str]) -> int:
    """GraphML for Gephi; returns the node count."""
    network = network_graph(graph)
    buffer = io.BytesIO()
    nx.write_graphml(network, buffer, encoding="utf-8")
    stream.write(buffer.getvalue().decode("utf-8"))
    return network.number_of_nodes()


def write_gexf(graph: JsonDict, stream: IO[str]) -> int:
    """GEXF 1.2 with ``viz:color`` per node; returns the node count."""
    network = network_graph(graph)
    for _, attrs in network.nodes(data=True):
        if "r" in attrs:
            attrs["viz"] = {"color": {"r": attrs["r"], "g": attrs["g"], "b": attrs["b"],
                                      "a": 1.0}}
    buffer = io.BytesIO()
    nx.write_gexf(network, buffer, encoding="utf-8")
    stream.write(buffer.getvalue().decode("utf-8"))
    return network.number_of_nodes()
