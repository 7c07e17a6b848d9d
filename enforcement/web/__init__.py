"""Server-rendered UI blueprints: parse input, call one service, render the result."""
