"""The Chinese of the hotline workflow's messages and labels (sign-for, return, extension,
callback and redo, supervision notices, ranking); ``catalog.CATALOG`` takes them in whole."""

from __future__ import annotations

HOTLINE: dict[str, str] = {
    # -- labels -------------------------------------------------------------------------------------
    "returns": "回退",
    "extensions": "延期",
    "redos": "重办",
    "by {department}": "由{department}",
    "by {name}": "批准人：{name}",
    "enterprise told": "已告知企业",
    "supervision notice, reply by {when}": "督办通知单，限 {when} 前回复",
    "redo after a rating of {rating}/5": "评价 {rating}/5，重办",
    # -- sign-for and return ------------------------------------------------------------------------
    "{ref} signed for by {department}": "{ref} 已由{department}签收",
    "{department} has already signed for the case": "{department}已签收该诉求",
    "{ref} returned to the officer, unassigned": "{ref} 已回退给联络员，待重新交办",
    "the case was answered by {owner}: an answered case cannot be returned": "该诉求已由{owner}答复：已答复的诉求不能回退",
    "the return window closed at {closes} ({window} after its assignment); ask the officer to transfer it instead": (
        "回退时限已于 {closes} 截止（交办后 {window}）；请联络员改为转办"
    ),
    # -- extensions ---------------------------------------------------------------------------------
    "an extension must add some time, not {value!r}": "延期须增加时间，不能是 {value!r}",
    "e.g. 5d, 3天 or 24h": "如 5d、3天 或 24h",
    "{ref}: an extension is asked for; approve or refuse it": "{ref}：已申请延期，请批准或不予批准",
    "{ref}: extension approved; tell the enterprise the new deadline": "{ref}：延期已批准；请告知企业新的办结时限",
    "the deadline had already passed when it was approved: it stays {due}": "批准时原时限已过：办结时限仍为 {due}",
    "resolution now due {due}": "办结时限现为 {due}",
    "{ref}: extension refused; the deadline stays": "{ref}：不予延期，时限不变",
    "an extension of {limit} is already waiting for approval": "已有 {limit} 的延期申请待批准",
    "an extension is at most {cap}, not {limit}": "延期最多 {cap}，不能是 {limit}",
    "the case has no open resolution deadline to extend": "该诉求没有可延期的未到办结时限",
    "the resolution deadline {due} has passed: an extension is asked before it": "办结时限 {due} 已过：延期须在时限前申请",
    "no extension is waiting for approval": "没有待批准的延期申请",
    "a department asks with zhitong extend REF LIMIT --reason …": "承办部门可用 zhitong extend REF LIMIT --reason … 申请",
    # -- supervision ------------------------------------------------------------------------------
    "-o is for the supervision notice": "-o 用于督办通知单",
    "give --notice as well": "请同时给出 --notice",
    "--notice and --json cannot be combined": "--notice 与 --json 不能同时使用",
    "the notice is text; zhitong show REF --json gives the case": "通知单是文本；zhitong show REF --json 可给出诉求数据",
    "{path} already exists": "{path} 已存在",
    "give --force to overwrite it, or name a new file": "加上 --force 覆盖它，或换一个文件名",
    "{ref}: supervision notice written to {path}; reply due by {when}": "{ref}：督办通知单已写入 {path}；限 {when} 前回复",
    "{ref}: supervision notice recorded; reply due by {when}": "{ref}：督办通知单已记录；限 {when} 前回复",
    "Flagged for the leaders (通报): more than {limit} overdue": "通报（超期 {limit} 以上，报领导）",
    "Everything overdue": "全部超期",
    "Flagged for the leaders (通报)": "通报（严重超期，报领导）",
    "Escalated supervision (提级督办): redone {count} times or more": "提级督办（重办 {count} 次及以上）",
    "no deadline of {ref} was broken before today: a supervision notice goes out from the day after a breach": (
        "{ref} 没有在今天之前超期的时限：督办通知单从超期次日起才能发出"
    ),
    "before that, zhitong due is the reminder; zhitong urge {ref} records a chase": "此前可用 zhitong due 催办；zhitong urge {ref} 记录一次督办",
    "{ref} rated; not satisfied: reopened as a redo (重办)": "{ref} 已评价；企业不满意：已重新办理（重办）",
    # -- ranking ----------------------------------------------------------------------------------
    "rank": "名次",
    "score": "得分",
    "signed on time": "按时签收",
    "kept (not returned)": "未回退",
    "held (no redo)": "未重办",
    "satisfied (4–5)": "满意率",
    "score: the weighted mean of the parts, 0–100 (weights: {weights})": "得分：各项的加权平均，0–100（权重：{weights}）",
    # -- policy file --------------------------------------------------------------------------------
    "policy file {path}, line {line}: unknown {table} setting {value!r}": "时限政策文件 {path} 第 {line} 行：[{table}] 中未知的设置 {value!r}",
    "policy file {path}, line {line}: {value} must be a whole number ({least} or more)": "时限政策文件 {path} 第 {line} 行：{value} 必须是整数（不小于 {least}）",
    "policy file {path}, line {line}: [rank] needs at least one weight above 0": "时限政策文件 {path} 第 {line} 行：[rank] 至少要有一项权重大于 0",
}

# The Chinese of the hotline commands' help (``help_catalog.HELP`` takes it in whole).
HOTLINE_HELP: dict[str, str] = {
    "Record that the assigned department has acknowledged the case (签收).": "记录承办部门已签收该诉求。",
    "Sign-for is due a working day after each assignment or transfer (the policy's sign limit).": (
        "每次交办或转办后一个工作日内应签收（时限政策的 sign 时限）。"
    ),
    "Give the case back to the officer, unassigned, as not the department's own (回退).": "承办部门认为非本部门职责，将诉求退回联络员，待重新交办。",
    "Only within the return window after its assignment (policy: hotline.return_window, 2 working days). The enterprise's clocks keep running from intake; returns are counted for the department that returned it.": (
        "只能在交办后的回退时限内（时限政策 hotline.return_window，2 个工作日）。企业的时限仍从受理起算；回退次数计入退回的部门。"
    ),
    "Ask for more time on the resolution (延期申请), before its deadline.": "在办结时限前申请延长办结时间。",
    "An approved extension counts its working days after the current deadline's last one; one extension is at most the policy's cap (hotline.extension_cap, 10 working days).": (
        "批准的延期从当前时限的最后一个工作日之后起算工作日；单次延期最多为时限政策的上限（hotline.extension_cap，10 个工作日）。"
    ),
    "How much more time: 5d, 3天, 24h.": "延长多少时间：5d、3天、24h。",
    "Approve the extension asked for (批准延期); the enterprise is told of the new deadline.": "批准延期申请，并告知企业新的办结时限。",
    "The resolution deadline moves only when the approval comes before the deadline it extends has passed: a promise already broken stays broken.": (
        "只有在原时限到期前批准，办结时限才会顺延：已经超期的承诺仍算超期。"
    ),
    "Who approved the extension.": "批准延期的人。",
    "Refuse the extension asked for (不予延期); the deadline stays.": "不批准延期申请，时限不变。",
    "Write the supervision notice (督办通知单), from the day after a breach.": "写出督办通知单（超期次日起）。",
    "Write the notice to this file (default: stdout).": "把通知单写入此文件（默认：标准输出）。",
    "Overwrite the file given to -o.": "覆盖 -o 指定的文件。",
    "Rank the departments by their assessment score (考核得分).": "按考核得分为各部门排名。",
    "Cases under escalated supervision (提级督办) are listed apart. With --rank, the departments are ranked by a score of 0–100: the weighted mean of on-time sign-for, response and resolution, cases kept (not returned), resolutions that held (no redo) and satisfaction (the share of ratings 4–5), each shown beside it; the weights are the policy file's [rank].": (
        "提级督办的诉求单独列出。加 --rank 时按 0–100 的得分为各部门排名：按时签收、按时答复、按时办结、未回退、未重办（办结后未重办）和满意率（4–5 分评价所占比例）的加权平均，各项列在得分旁；权重取时限政策文件的 [rank]。"
    ),
    "With --notice, from the day after a deadline was broken, the supervision notice (督办通知单) is written in Chinese: the case, what was promised and by when, how late in working time, the urges so far and the reply-by time (policy: hotline.reply_by, a working day). It is recorded as an urge.": (
        "加 --notice 时，自时限超期次日起，以中文写出督办通知单：诉求、承诺的事项和时限、按工作时间计的超期时长、已督办次数和回复期限（时限政策 hotline.reply_by，一个工作日）。并记为一次督办。"
    ),
    "The enterprise is not satisfied, whatever the score: the case is redone (重办).": "企业不满意（不论分数）：诉求重新办理（重办）。",
    "Record the enterprise's rating of a resolved or filed case (反馈评价); it makes the callback (回访).": "记录企业对已办结或已备案诉求的评价（反馈评价），即完成回访。",
    "Rating again records the new rating as its own event: the latest counts, the history keeps both. A rating of 1 or 2, or --unsatisfied, reopens the case as a redo (重办) with a fresh resolution clock, counted for its department.": (
        "再次评价会作为新的事件记录：以最新的为准，办理记录保留两次。评 1 或 2 分，或加 --unsatisfied，诉求即重新办理（重办），办结时限从重办时重新起算，并计入承办部门。"
    ),
}
