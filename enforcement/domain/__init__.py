"""The pure legal-rules layer of the Enforcement Case Manager (no Flask, no database).

Each module implements rules of ``LEGAL.md`` Part A and names them by id
(``LR-…``): periods and deadlines, money and amounts in words, identifier
checks, the dated legal parameters, arrears and interest, late payment versus
evasion, the Article 216 evaluation, administrative fine proposals and the
statutory deadlines of a case. Frozen dataclasses go in and come out; every
result carries its inputs, rule id, clause and Vietnamese reasons, and has a
``to_dict()`` for the API, the UI and the documents.
"""
