"""Department and enterprise lists: Chinese names by pinyin (with the reading the name uses),
Latin names alphabetically; and pypinyin is imported only when such a list is shown."""

from __future__ import annotations

import subprocess
import sys

from zhitong.text.collate import by_name, name_key


def test_chinese_by_pinyin_latin_alphabetically():
    names = [
        "招商局",
        "安监局",
        "Bosch",
        "财政局",
        "重庆办事处",
        "长城汽车",
        "apple",
        "ABB（中国）有限公司",
        "经济发展局",
        "工管委",
        "双创办",
    ]
    assert by_name(names, str) == [
        "ABB（中国）有限公司",
        "apple",
        "安监局",
        "Bosch",
        "财政局",
        "长城汽车",  # cháng, not zhǎng
        "重庆办事处",  # chóng, not zhòng
        "工管委",
        "经济发展局",
        "双创办",
        "招商局",
    ]


def test_full_width_latin_sorts_as_latin_and_ties_are_stable():
    assert by_name(["Ｂｏｓｃｈ", "Apple"], str) == ["Apple", "Ｂｏｓｃｈ"]
    assert name_key("工管委") < name_key("工管委员会")


def test_dept_list_in_pinyin_order(zt):
    for name in ("招商局", "经济发展局", "安监局", "工管委", "双创办", "Customs Office"):
        zt("dept", "add", name)
    assert [d["name"] for d in zt.json("dept", "list")] == ["安监局", "Customs Office", "工管委", "经济发展局", "双创办", "招商局"]
    table = zt("dept", "list").stdout
    assert table.index("安监局") < table.index("工管委") < table.index("招商局")


def test_ent_list_key_enterprises_first_then_pinyin(zt):
    zt("ent", "add", "新奥集团", "--key")
    zt("ent", "add", "华翔物流有限公司")
    zt("ent", "add", "长城汽车", "--key")
    zt("ent", "add", "ABB中国")
    zt("ent", "add", "安泰科技")
    assert [e["name"] for e in zt.json("ent", "list")] == ["长城汽车", "新奥集团", "ABB中国", "安泰科技", "华翔物流有限公司"]


def _imports_pypinyin(*argv: str, env) -> bool:
    code = (
        "import sys\n"
        "from zhitong.commands import launch\n"
        f"sys.argv = ['zhitong', *{list(argv)!r}]\n"
        "try:\n"
        "    launch.run()\n"
        "except SystemExit:\n"
        "    pass\n"
        "print('pypinyin' in sys.modules, file=sys.stderr)\n"
    )
    # quick.leave ends the process at once for pending: check the modules before it does
    code = code.replace("launch.run()", "import zhitong.commands.quick as q; q.leave = lambda status: None; launch.run()")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, timeout=60)
    return result.stderr.strip().splitlines()[-1] == "True"


def test_start_up_does_not_import_pypinyin(zt, tmp_path):
    import os

    env = {**os.environ}
    zt("dept", "add", "工管委")
    assert not _imports_pypinyin("pending", env=env)
    assert not _imports_pypinyin("list", env=env)
    assert not _imports_pypinyin("dept", "add", "经济发展局", env=env)
    assert _imports_pypinyin("dept", "list", env=env)  # and the check can see it when it is
