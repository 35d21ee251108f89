from __future__ import annotations

import uuid

from pydantic import BaseModel, ConfigDict, Field


class UniversityOut(BaseModel):
    model_config = ConfigDict(
        from_attributes=True,
        json_schema_extra={
            "example": {
                "id": "0b9c5d4e-1f2a-5b3c-8d4e-5f6a7b8c9d0e",
                "name": "Massachusetts Institute of Technology",
                "country": "United States",
                "domains": ["mit.edu"],
            }
        },
    )

    id: uuid.UUID
    name: str
    country: str
    domains: list[str]


class CourseOut(BaseModel):
    model_config = ConfigDict(
        json_schema_extra={"example": {"name": "Computer Science", "student_count": 42}}
    )

    name: str = Field(description="The spelling most students at this university use.")
    student_count: int = Field(description="How many students give this course.")
