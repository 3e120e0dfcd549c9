"""Drafts of dossier documents generated from the data (Nghị định 30 layout): Tờ trình,
Biên bản họp Hội đồng TĐKT of the unit, Báo cáo thành tích and Bản tóm tắt thành tích."""
