def test_new_case_carries_deadlines(book):
    case = book.json("new", "新奥", "华翔路封路，货物无法运出", "--category", "routine", "--dept", "经济", "--at", "2026-11-24 10:00")
    assert case["ref"] == "ZT-2026-0001"
    assert case["status"] == "assigned"
    assert case["response_due"] == "2026-11-25T10:00:00+08:00"
    assert case["feedback_due"] is None
