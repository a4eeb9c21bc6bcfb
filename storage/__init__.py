"""Storage: SQLModel tables, the engine factory and the queries every job uses."""
