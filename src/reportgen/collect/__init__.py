"""Collecting a reporting round from the partners: a questionnaire out (one Excel workbook per partner, in its
language), the answers in (the returned workbooks read back into the round's content), and the round's status.

``form`` holds what a questionnaire is about (pure data, from the project); ``words`` its translated words;
``questionnaire`` writes it with XlsxWriter; ``answers`` reads a returned one with openpyxl; ``records`` writes a
partner's report as YAML; ``status`` says who has answered what.
"""
