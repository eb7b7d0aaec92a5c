"""EARTH's map (R1): a hexagonal grid of cells, as cell adjacency in compressed rows.

Bremer & Mihalka (1977) and Cusack & Stoll (1990) use a hexagonal map of 98 states (Cederman
1997, p. 83, fn 9); its exact shape and wrap rule are unknown, so the grid is an "odd-r" offset
layout (odd rows shifted right by half a cell) of `rows` x `cols` cells, on a torus by default,
where every cell has exactly six distinct neighbours once the grid is at least 3 x 4.
"""

from __future__ import annotations

import numpy as np

# (drow, dcol) of the six neighbours, for even and odd rows of an odd-r layout.
_EVEN = ((0, -1), (0, 1), (-1, -1), (-1, 0), (1, -1), (1, 0))
_ODD = ((0, -1), (0, 1), (-1, 0), (-1, 1), (1, 0), (1, 1))


def hex_adjacency(rows: int, cols: int, torus: bool) -> tuple[np.ndarray, np.ndarray]:
    """(offsets, neighbours): cell c's neighbours are neighbours[offsets[c]:offsets[c + 1]], sorted."""
    if torus and rows % 2:
        raise ValueError(f"a hexagonal torus needs an even number of rows, found {rows}")
    lists = []
    for r in range(rows):
        for c in range(cols):
            found = set()
            for dr, dc in _ODD if r % 2 else _EVEN:
                r2, c2 = r + dr, c + dc
                if torus:
                    r2, c2 = r2 % rows, c2 % cols
                elif not (0 <= r2 < rows and 0 <= c2 < cols):
                    continue
                if (r2, c2) != (r, c):
                    found.add(r2 * cols + c2)
            lists.append(sorted(found))
    return compressed(lists)


def compressed(lists: list[list[int]]) -> tuple[np.ndarray, np.ndarray]:
    """Adjacency lists as (offsets, flat neighbours), int64."""
    offsets = np.zeros(len(lists) + 1, np.int64)
    offsets[1:] = np.cumsum([len(x) for x in lists])
    flat = np.array([v for x in lists for v in x], dtype=np.int64)
    return offsets, flat
