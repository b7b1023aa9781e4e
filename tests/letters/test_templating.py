from letters.templating import render_body, unknown_placeholders


def test_paragraphs_bullets_and_list_placeholders():
    html = render_body(
        "Dear {{ parent_name }}\n\nYou breached:\n\n{{ breached_rules }}\n\n- one\n- two",
        {"parent_name": "Sam", "breached_rules": ["Abusive comments", "Threats"]},
    )
    assert html == (
        "<p>Dear Sam</p>\n<p>You breached:</p>\n"
        "<ul><li>Abusive comments</li><li>Threats</li></ul>\n<ul><li>one</li><li>two</li></ul>"
    )


def test_values_and_wording_are_escaped():
    html = render_body(
        "Dear {{ parent_name }} <b>bold?</b>",
        {"parent_name": '<img src="file:///etc/passwd">'},
    )
    assert "<img" not in html and "<b>" not in html
    assert "&lt;img src=&quot;file:///etc/passwd&quot;&gt;" in html


def test_a_value_cannot_inject_a_placeholder():
    html = render_body("{{ parent_name }}", {"parent_name": "{{ reference }}", "reference": "X"})
    assert "{{ reference }}" in html and "X" not in html


def test_unknown_placeholders_are_found():
    assert unknown_placeholders("{{ parent_name }} {{ secret_key }} {{ debug }}") == {
        "secret_key",
        "debug",
    }


def test_the_parents_representations_link_is_a_known_placeholder():
    assert unknown_placeholders("Make representations online at {{ representation_url }}.") == set()
