"""The demo world (Kế hoạch thi đua CCHC huyện Nguyên Bình 2023): the `thidua demo` and
`thidua accounts` commands and one builder module per app. At the top of the layers: it uses
every domain app's services; nothing imports it."""
