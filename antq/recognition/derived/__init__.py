"""Derived national criteria computed per commune and year from the ANTT-safe recognition (REGULATIONS.md §6):
New Rural Development indicator 19.2 and the civilised-urban criterion 4. See `rules` (the law as data),
`engine` (pure), `selectors`, `services`, `views`.
"""
