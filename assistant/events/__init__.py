"""The event catalog: extraction, answers from the catalog, view model and iCalendar."""
