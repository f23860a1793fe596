"""`memoro parse` as a user runs it: a real process, messages on stdin, JSON lines out."""

import json
import subprocess
import sys


def parse(lines, tmp_path, *args):
    out = subprocess.run([sys.executable, "-m", "bot.cli", "parse", *args], input="\n".join(lines) + "\n",
                         capture_output=True, text=True, env={"MEMORO_DATA_DIR": str(tmp_path), "PATH": ""},
                         timeout=120)
    assert out.returncode == 0, out.stderr
    return [json.loads(line) for line in out.stdout.splitlines()]


def test_parse_prints_intents_and_people_spans(tmp_path):
    text = "had lunch w maya today"
    rows = parse([text, "when is her birthday?", ""], tmp_path)
    assert len(rows) == 3
    assert rows[0]["intents"][0]["type"] == "log"
    assert [(p["name"], text[p["start"]:p["end"]]) for p in rows[0]["people"]] == [("Maya", "maya")]
    assert rows[1]["intents"][0]["type"] == "ask"
    assert rows[2]["intents"][0] == {"type": "chat", "kind": "empty"}


def test_parse_with_a_time_zone_given_as_an_offset(tmp_path):
    rows = parse(["met ngozi yesterday"], tmp_path, "--tz", "+05:45")
    [met] = rows[0]["intents"][0]["interactions"]
    assert met["people"] == ["Ngozi"] and met["on"]
    out = subprocess.run([sys.executable, "-m", "bot.cli", "parse", "--tz", "Mars/Base"], input="hi\n",
                         capture_output=True, text=True, env={"MEMORO_DATA_DIR": str(tmp_path), "PATH": ""}, timeout=120)
    assert out.returncode != 0 and "time zone" in out.stderr and "Traceback" not in out.stderr
