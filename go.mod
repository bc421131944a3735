module github.com/sunset-tui/sunset

go 1.26.8
