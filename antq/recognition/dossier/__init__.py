"""The dossier of a recognition case (TT 124/2021 art. 9) and its certificate.

* `rules` — which papers a case needs and which kind may be filed at which step, and what a file
  may be (PDF, JPEG, PNG up to 20 MB, checked by content). Pure; the workflow imports it.
* `drafts` — the submission (tờ trình), results report (báo cáo kết quả) and meeting minutes
  (biên bản họp) as .docx drafts filled from the case, from the templates in `docx/` (built by
  `python -m antq.recognition.dossier.build_templates`).
* `services` — upload and delete a paper, issue the certificate; audited, one transaction each.
* `certificate` — the "Giấy công nhận" PDF of a recognised unit (WeasyPrint).
* `views`, `urls`, `selectors` — downloads only through scoped views, never a public media URL.
"""
