"""The Chinese of every help text: English text as written in the command modules → Chinese.

Data only, read when help is printed under zh (``zhitong.commands.help``). A key is a help
paragraph, an option's ``help=`` or a heading, with its words joined by single spaces, so
re-wrapping a docstring keeps its key; examples (the indented blocks) are not here, they are
the same in both languages. ``tests/test_help_language.py`` fails when a text has no Chinese
here, when the Chinese drops an option or command the English names, or when an entry is no
longer used.

The choices an option lists are given by their Chinese names first (those it accepts), then
the English keys, which every option accepts.
"""

from __future__ import annotations

from zhitong.text.hotline_catalog import HOTLINE_HELP

HELP: dict[str, str] = {
    # rounds, corrections, withdrawn and merged cases
    "The enterprise's name now.": "企业现在的名称。",
    "Its new name.": "新名称。",
    "Rename an enterprise; its cases follow, each with an event, and the old name still finds it.": "企业更名；其诉求随之更新，每件记一条办理记录，用原名仍可找到。",
    "The enterprise to fold in.": "要并入的企业。",
    "The enterprise it is.": "它实际所是的企业。",
    "Fold a second spelling of an enterprise into the registered one; its cases move with an event each.": "将同一企业的另一种写法并入已登记的企业；其诉求随之转入，每件记一条办理记录。",
    "The department's name now.": "部门现在的名称。",
    "Rename a department; its cases follow, each with an event, and the old name still finds it.": "部门更名；其诉求随之更新，每件记一条办理记录，用原名仍可找到。",
    "The department to fold in.": "要并入的部门。",
    "The department that takes over its cases.": "接手其诉求的部门。",
    "Fold a department into another (an office reorganised); its cases move with an event each.": "将一个部门并入另一个部门（机构调整）；其诉求随之转入，每件记一条办理记录。",
    "Only changes made at or after this time.": "只列出此时刻及之后的变更。",
    "Every change to a record, newest first: departments, enterprises, the calendar, policy recomputes.": "列出对各项记录的每一次变更，最新的在前：部门、企业、节假日日历、时限政策重算。",
    "The log, like a case's history, is append-only: the database refuses to change or delete a row of it, and zhitong check says so if that protection is missing.": "与诉求的办理记录一样，变更日志只能追加：数据库拒绝修改或删除其中任何一行；如这一保护缺失，zhitong check 会报告。",
    "Only the promises already past.": "只列出已过承诺时间的。",
    "Open cases with the department's promised time (承诺办结) and how far past it they are.": "列出带有部门承诺办结时间的在办诉求，以及已超过多久。",
    "The promise is the department's own, beside the SLA's resolution deadline (办结时限).": "承诺是部门自己作出的，与规定的办结时限并列。",
    "Withdraw a case logged by mistake, a duplicate, or not a case at all (撤销).": "撤销误录、重复或根本不是诉求的案件（撤销）。",
    "It leaves pending, overdue, due, the digest, stats and the export; show, list and search still find it, and reopen --reason restores it.": "撤销后不再出现在 pending、overdue、due、digest、stats 和 export 中；show、list 和 search 仍能找到，reopen --reason 可恢复。",
    "Merge a repeat of the same problem into the case that goes on (并单).": "将同一问题的重复反映并入继续办理的诉求（并单）。",
    "The merged case leaves the views and the assessment like a withdrawn one; both histories record the merge.": "被并单的诉求与已撤销的一样不再出现在各视图和考核中；两件诉求的办理记录都会记下这次并单。",
    "The case it repeats, which goes on.": "它所重复的、继续办理的诉求。",
    "Why (recorded in both histories).": "原因（记入两件诉求的办理记录）。",
    "Correct a mistake in a case's intake record; the history keeps old → new.": "更正诉求受理记录中的错误；办理记录保留 原值 → 新值。",
    "The corrected title.": "更正后的标题。",
    "The corrected detail.": "更正后的详情。",
    "The enterprise it really came from.": "实际反映问题的企业。",
    "The channel it really came through.": "实际的受理渠道。",
    "The corrected intake time; every deadline is recomputed from it.": "更正后的受理时间；全部时限据此重算。",
    "consult|routine|major|restricted (or 政策咨询, 一般问题, 重大问题, 政策限制).": "政策咨询、一般问题、重大问题或政策限制（或 consult、routine、major、restricted）。",
    "service-group|liaison-group|hotline|visit|package, or 政企服务直通群, 政企联络员直通群, 政企服务专线, 政企面对面, 综合服务包 (default: config, else service-group).": "政企服务直通群、政企联络员直通群、政企服务专线、政企面对面或综合服务包（或 service-group、liaison-group、hotline、visit、package；默认取配置，否则为政企服务直通群）。",
    "Case reference: ZT-2026-0001, or 2026-1, 26-1, 0001 or 1 (this year's).": "诉求编号：ZT-2026-0001，或 2026-1、26-1、0001、1（当年的）。",
    "When it will be solved (何时解决), e.g. 2026-11-30, 11-30 18:00 or 周五 下午5点 (the coming Friday).": "何时解决，如 2026-11-30、11-30 18:00 或 周五 下午5点（即将到来的周五）。",
    "The new category: major or restricted (重大问题, 政策限制).": "新的类别：重大问题或政策限制（major、restricted）。",
    "consult, routine, major or restricted (or 政策咨询, 一般问题, 重大问题, 政策限制).": "政策咨询、一般问题、重大问题或政策限制（或 consult、routine、major、restricted）。",
    "service-group, liaison-group, hotline, visit or package (or 政企服务直通群, 政企联络员直通群, 政企服务专线, 政企面对面, 综合服务包).": "政企服务直通群、政企联络员直通群、政企服务专线、政企面对面或综合服务包（或 service-group、liaison-group、hotline、visit、package）。",
    "The window is working time, as the tables print the time left: 1天 is 24 working hours, 1天4小时 is 28, 30分钟 half an hour.": "时间窗按工作时间计，与表格中剩余时间的算法相同：1天为 24 个工作小时，1天4小时为 28 个，30分钟为半小时。",
    "Working time ahead, e.g. 4h, 1d, 4小时, 1天 or 1天4小时 (a day counts 24 working hours).": "往后的工作时间，如 4h、1d、4小时、1天 或 1天4小时（一天按 24 个工作小时计）。",
    "open (not yet assigned), assigned, responded, reported, resolved, filed, withdrawn or merged (or 已受理, 已交办, 已答复, 已反馈, 已办结, 已备案, 已撤销, 已并单).": "已受理（尚未交办）、已交办、已答复、已反馈、已办结、已备案、已撤销或已并单（或 open、assigned、responded、reported、resolved、filed、withdrawn、merged）。",
    "Every case not yet closed (neither resolved nor filed).": "所有尚未结案的诉求（既未办结也未备案）。",
    "A whole number of days (5d, 5天, 两天) is working days, due at the end (24:00) of the last one. A limit that names hours or minutes runs in working time, a day counting 24 working hours as the tables print the time left: 1天4小时 is 28 working hours from intake, which can fall before the end of 1天.": "整数天数（5d、5天、两天）按工作日计，于最后一个工作日结束（24:00）时到期。含小时或分钟的时限按工作时间计，一天为 24 个工作小时，与表格中剩余时间的算法相同：1天4小时即自受理起 28 个工作小时，可能早于 1天 的结束时刻。",
    "0, working days (5d, 5天), working hours (24h, 4小时), minutes (30分钟), or 1天4小时 (28 working hours).": "0、工作日（5d、5天）、工作小时（24h、4小时）、分钟（30分钟），或 1天4小时（28 个工作小时）。",
    "workdays (工作日: pauses over holidays) or calendar (自然日: plain elapsed time).": "工作日（workdays：节假日顺延）或自然日（calendar：按实际经过的时间）。",
    "The day to sum up (default: today), e.g. 2026-11-24, 昨天, 上周五, 11-24 (the latest 11-24 that has come).": "要汇总的日期（默认今天），如 2026-11-24、昨天、上周五、11-24（最近已过的 11月24日）。",
    "List the departments, Chinese names by pinyin and Latin ones alphabetically.": "列出各部门，中文名按拼音、拉丁字母名按字母排序。",
    "service or liaison, or 规上企业, 包联帮扶企业.": "规上企业或包联帮扶企业（或 service、liaison）。",
    "List the enterprises, key enterprises first, each part by name (Chinese by pinyin).": "列出企业，重点企业在前，各部分按名称排序（中文按拼音）。",
    "holiday or workday (or 放假, 休, 上班, 班).": "放假或上班（或 holiday、workday、休、班）。",
    # -- zhitong package, zhitong fund ------------------------------------------------------------------
    "Service packages": "综合服务包",
    "Service packages (综合服务包, 一企一策): for a key enterprise, its policies and measures, each followed as a case.": "综合服务包（一企一策）：为重点企业汇集普惠政策和专项措施，每一项都作为一件诉求跟踪办理。",
    "Make a service package for an enterprise, which becomes a key enterprise; print its id.": "为企业建立综合服务包，该企业随之列为重点企业；打印服务包编号。",
    "The package's title (default: none).": "服务包标题（默认无）。",
    "The zone leader paired with the enterprise (领导包联).": "与该企业结对的开发区领导（领导包联）。",
    "Add an item to a package: it becomes a case (channel package) due at its deadline.": "向服务包添加事项：事项成为一件诉求（渠道为综合服务包），以其办理时限为办结时限。",
    "The deadline is the item's resolve milestone: a limit such as 10d runs on the working-time clock (provisional beyond the calendar), an instant is kept as given. An item from the policy catalogue (--benefit) is due in 10 working days unless --due says otherwise.": "办理时限即事项的办结时限：10d 这样的时限按工作日计（超出日历范围时为暂定），时刻则按所给时间。来自政策目录的事项（--benefit）如未用 --due 指定，时限为 10 个工作日。",
    "The package: its id (PKG-2026-01) or its enterprise's name.": "服务包：其编号（PKG-2026-01）或所属企业名称。",
    "The item, in a line (a --benefit gives its own).": "事项，一句话（用 --benefit 时取政策的标题）。",
    "policy (普惠政策, an inclusive policy) or measure (专项措施, a personalised measure).": "普惠政策（policy）或专项措施（measure）。",
    "The responsible department.": "责任部门。",
    "The department's contact for the item.": "部门负责该事项的联系人。",
    "The contact's phone.": "联系人电话。",
    "The deadline (办理时限): a limit on the working-time clock (10d, 10天, 24h) or an instant (2026-12-31 18:00).": "办理时限：按工作日计的时限（10d、10天、24h）或时刻（2026-12-31 18:00）。",
    "How to apply, or what will be done.": "办理方式：如何申请，或将如何办理。",
    "What the item is, in full.": "事项的完整内容。",
    "The special fund applied to (with --amount).": "申请的专项资金（与 --amount 一起用）。",
    "The amount applied for, in yuan: 300000, 300,000.00 or 30万.": "申请金额（元）：300000、300,000.00 或 30万。",
    "A policy of the catalogue (its id in zhitong benefit list): its title, department, contact and how-to.": "政策目录中的一项政策（其编号见 zhitong benefit list）：取其标题、部门、联系人和办理方式。",
    "Show a package: its items with state, deadline and department contact, its progress, and its money.": "查看服务包：各事项的状态、办理时限和部门联系人，办理进度和资金情况。",
    "List every package: enterprise, leader, items done, open and overdue, money applied for and paid.": "列出所有服务包：企业、包联领导、已办结、办理中和超期的事项数、申请和已拨付的资金。",
    "Write the letter for the enterprise: each item, how to apply, the contact and phone, the deadline.": "生成给企业的服务告知书：逐项列明内容、办理方式、联系人和电话、办理时限。",
    "Plain text, in Chinese unless --lang says otherwise, to send or print (政策、办理方式、联系人、联系电话、办理时限).": "纯文本，除非用 --lang 指定，均为中文，可发送或打印（政策、办理方式、联系人、联系电话、办理时限）。",
    "Write the letter to this file (default: standard output).": "写入此文件（默认输出到标准输出）。",
    "Special funds (专项资金): budgets, applications and disbursements, in exact yuan.": "专项资金：预算、申请和拨付，金额精确到分。",
    "Add a special fund with its budget.": "添加专项资金及其预算。",
    "The fund's name, in full.": "专项资金的全称。",
    "The budget in yuan: 10000000, 10,000,000.00 or 1000万.": "预算（元）：10000000、10,000,000.00 或 1000万。",
    "The department that runs the fund.": "管理该资金的部门。",
    "Show a fund: budget, applied, paid, remaining, enterprises paid, and each application.": "查看专项资金：预算、申请、已拨付、剩余、获拨付企业数，以及每笔申请。",
    "The fund's name (exact, or a unique part of it).": "专项资金名称（全称，或能唯一确定的一部分）。",
    "List the funds with their budget, applied, paid and remaining money.": "列出各专项资金的预算、申请、已拨付和剩余金额。",
    "Record a disbursement from the item's fund (never more than applied for, never past the budget).": "记录一笔从事项所申请资金的拨付（不超过申请金额，不超出预算）。",
    "An item may be paid in more than one disbursement; each is an event in its case's history.": "一个事项可分多次拨付；每次都记入其诉求的办理记录。",
    "The item: its case reference (ZT-2026-0012, or 12).": "事项：其诉求编号（ZT-2026-0012，或 12）。",
    "The amount paid, in yuan: 300000, 300,000.00 or 30万.": "拨付金额（元）：300000、300,000.00 或 30万。",
    "When it was paid (default: now).": "拨付时间（默认现在）。",
    "Columns: ref, enterprise, credit_code, channel, category, title, department, status, received_at, then each deadline, when it was met and whether in time (*_met: yes, no, or empty while pending), filed_at, rating, transfers, urges, provisional, detail, source_id, then owner, plan, eta (the answer: who, how, by when), resolve_note, rating_comment, reopens and corrections, then the hotline workflow's sign_due, signed_at, sign_met, returns, extensions, callback_due, callback_at and callback_met. --lang zh writes the header and the values in Chinese. The file imports again with zhitong import, which skips the columns only export writes.": "各列：ref、enterprise、credit_code、channel、category、title、department、status、received_at，然后是各项时限、办理时间及是否按时（*_met：yes、no，未到期为空），filed_at、rating、transfers、urges、provisional、detail、source_id，再后是 owner、plan、eta（答复的谁负责、如何办、何时解决）、resolve_note、rating_comment、reopens 和 corrections，最后是热线流程的 sign_due、signed_at、sign_met、returns、extensions、callback_due、callback_at 和 callback_met。--lang zh 以中文写出表头和各值。该文件可再用 zhitong import 导入，导入时跳过只有导出才写的列。",
    "Language of the CSV: en (default: stable keys, ISO times, for scripts) or zh (Chinese headers and values: 一般, 已办结, 是, 2026-12-01 08:40); zhitong --lang zh export does the same. zhitong import reads either file.": "CSV 的语言：en（默认：稳定的英文键和 ISO 时间，供脚本使用）或 zh（中文表头和值：一般、已办结、是、2026-12-01 08:40）；zhitong --lang zh export 效果相同。两种文件 zhitong import 都能读。",
    "Keep withdrawn and merged cases, with their status (left out by default).": "保留已撤销和已并单的诉求，并写明其状态（默认不含）。",
    "Log cases in bulk from a spreadsheet (.xlsx or CSV), such as the hotline's work-order sheet.": "从表格（.xlsx 或 CSV）批量登记诉求，如专线的工单表。",
    "Columns: enterprise, title, category, channel, department, received_at, detail and an optional source_id (or 企业, 标题, 类别, 渠道, 部门, 受理时间, 详情, 来源编号). The headers of a work-order sheet are read as they are: 工单编号 → source_id; 来电时间, 受理时间 → received_at; 企业名称, 单位名称, 来电单位 → enterprise; 诉求标题, 标题 → title; 诉求内容, 问题描述 → detail; 承办单位, 承办部门 → department; 诉求类型, 类别 → category; 来源, 渠道 → channel. Any other column is named with --map 'COLUMN=field', or left out with --ignore-extra. Every line is checked first; if any is bad, each is listed and nothing is imported (unless --skip-invalid). A row whose source_id was imported before is skipped, so a file can be imported again safely. A file from zhitong export reads too (either language): the columns only export writes (ref, status, the deadlines…) are skipped, so its cases come in as new ones.": "各列：enterprise、title、category、channel、department、received_at、detail，以及可选的 source_id（或 企业、标题、类别、渠道、部门、受理时间、详情、来源编号）。工单表的表头直接可读：工单编号 → source_id；来电时间、受理时间 → received_at；企业名称、单位名称、来电单位 → enterprise；诉求标题、标题 → title；诉求内容、问题描述 → detail；承办单位、承办部门 → department；诉求类型、类别 → category；来源、渠道 → channel。其他列用 --map '列名=字段' 指明，或用 --ignore-extra 略过。先检查每一行；只要有一行有误，就逐行列出，什么都不导入（除非加 --skip-invalid）。来源编号（source_id）此前已导入的行会跳过，所以同一文件可以放心重复导入。zhitong export 导出的文件（两种语言）也能读：只有导出才写的列（ref、status、各项时限…）会跳过，其中的诉求作为新诉求登记。",
    "The sheet: .xlsx (its first sheet), or CSV in UTF-8, GB18030 or UTF-16 as Excel and WPS save it.": "表格文件：.xlsx（读第一个工作表），或 Excel、WPS 保存的 UTF-8、GB18030、UTF-16 编码的 CSV。",
    "The workbook's sheet to read (default: the first).": "要读取的工作表（默认第一个）。",
    "The field a column of the sheet feeds, e.g. --map '联系人电话=phone' (repeatable).": "表格中某列对应的字段，如 --map '联系人电话=phone'（可重复）。",
    "Leave out the columns no field takes, and say which, instead of refusing the sheet.": "略过没有对应字段的列并说明是哪些，而不是拒绝整个表格。",
    "Add enterprises to the registry in bulk from a spreadsheet (.xlsx or CSV).": "从表格（.xlsx 或 CSV）批量添加企业到企业名录。",
    "A sheet (.xlsx or CSV) with the header date,kind,name (or 日期,类型,名称; kind: holiday/放假 or workday/上班).": "表头为 date,kind,name（或 日期,类型,名称；kind 为 放假/holiday 或 上班/workday）的表格（.xlsx 或 CSV）。",
    "--format xlsx writes the month's workbook for the leaders, in the officer's language: the cases (these columns under their Chinese headers, times as real date-times, codes as text, late milestones filled), the department assessment (the figures of stats --month --json) and a summary by channel and category with a chart of each department's on-time resolution rate.": "--format xlsx 以联络员所用的语言写出给领导的月度工作簿：诉求明细（上述各列，中文表头，时间为真正的日期时间，代码为文本，超期节点标色）、部门考核（与 stats --month --json 相同的数字），以及按渠道和类别的汇总，附各部门按时办结率的图表。",
    "csv (UTF-8 with BOM, for Excel and WPS), json, or xlsx (the month's workbook, to a file given with -o).": "csv（带 BOM 的 UTF-8，供 Excel 和 WPS 打开）、json，或 xlsx（月度工作簿，须用 -o 指定文件）。",
    "The sheet to send the hotline desk, with every accepted header and one example row:": "发给专线受理台的表格，含所有可用表头和一行示例：",
    "Write an empty sheet with the accepted headers and one example row (to -o FILE.csv or FILE.xlsx).": "写出一张空白表格，含可用的表头和一行示例（写入 -o FILE.csv 或 FILE.xlsx）。",
    "The template's headers: en (default) or zh.": "模板表头的语言：en（默认）或 zh。",
    "Replace the template's file if it exists.": "模板文件已存在时予以替换。",
    "The template's file: .csv or .xlsx.": "模板文件：.csv 或 .xlsx。",
    "Tag an enterprise (高新技术企业, 专精特新 …): the policy catalogue finds what it is entitled to by its tags.": "给企业加标签（高新技术企业、专精特新 …）：政策目录按标签找出企业可享受的政策。",
    "Its group and the key flag count as tags without being given (规上企业, 包联帮扶企业, 重点企业).": "企业的分组和重点企业标记无须给出，也算作标签（规上企业、包联帮扶企业、重点企业）。",
    "Tags to give it: 高新技术企业 专精特新 ….": "要加的标签：高新技术企业 专精特新 …。",
    "Take these tags away instead.": "改为去掉这些标签。",
    "The zone's enterprise policies (惠企政策), delivered to the door (送政策上门): who is entitled, who has been told.": "开发区的惠企政策，送政策上门：哪些企业可享受，哪些已告知。",
    "Add a policy to the catalogue and print its id.": "向政策目录添加一项政策，打印其编号。",
    "An enterprise is entitled when it has every --for tag; its group and the key flag count as tags (规上企业, 包联帮扶企业, 重点企业).": "企业具有全部 --for 标签即可享受；企业的分组和重点企业标记也算作标签（规上企业、包联帮扶企业、重点企业）。",
    "The policy, in a line.": "政策，一句话。",
    "The department's contact for the policy.": "部门负责该政策的联系人。",
    "How to apply.": "办理方式：如何申请。",
    "A tag the enterprise must have (高新技术企业, 专精特新, 规上企业, 重点企业…); give it again for more.": "企业须具有的标签（高新技术企业、专精特新、规上企业、重点企业…）；多个标签请重复给出。",
    "The last day the policy holds (default: no end).": "政策有效期的最后一天（默认长期有效）。",
    "The special fund the policy pays from.": "该政策出资的专项资金。",
    "List the policies of the catalogue.": "列出政策目录中的政策。",
    "Show a policy: its department, contact, how to apply, who it is for and until when.": "查看一项政策：部门、联系人、办理方式、适用对象和有效期。",
    "The policy's id (zhitong benefit list).": "政策编号（见 zhitong benefit list）。",
    "The policies an enterprise is entitled to, still valid, and not yet in its package.": "企业可享受、仍在有效期内且尚未列入其服务包的政策。",
    "Which entitled enterprises have been told of a policy (it is in their package) and which not yet (应享尽享).": "可享受某项政策的企业中，哪些已告知（已列入其服务包）、哪些尚未告知（应享尽享）。",
    "The zone leader paired with it (领导包联).": "与其结对的开发区领导（领导包联）。",
    "A tag (高新技术企业, 专精特新 …); give it again for more.": "标签（高新技术企业、专精特新 …）；多个标签请重复给出。",
    "Change an enterprise's registry entry: its contact, assistance officer, paired leader, tags.": "修改企业名录中的条目：联系人、帮扶专员、包联领导、标签。",
    "Only what is given changes; --tag adds tags (ent tag NAME TAG --remove takes one away).": "只修改给出的内容；--tag 添加标签（去掉标签用 ent tag 名称 标签 --remove）。",
    "Each with its open cases and how many of them are overdue.": "每家企业都列出其未结诉求数及其中超期的件数。",
    "Only this group: service or liaison, or 规上企业, 包联帮扶企业.": "只列此分组：规上企业或包联帮扶企业（或 service、liaison）。",
    "Only enterprises paired with this leader.": "只列与此领导结对的企业。",
    "Only enterprises with this tag (the group and 重点企业 count).": "只列有此标签的企业（分组和重点企业也算）。",
    "Only key enterprises, or only the others.": "只列重点企业，或只列非重点企业。",
    "Show an enterprise: its entry, its cases with the on-time rate and ratings, its package and its funds.": "查看企业：名录条目、诉求及按时办结率和评价、服务包和专项资金。",
    # -- Click's and Typer's own words -----------------------------------------------------------------
    "Usage:": "用法：",
    "[OPTIONS]": "[选项]",
    "COMMAND [ARGS]...": "命令 [参数]...",
    "Arguments": "参数",
    "Options": "选项",
    "Commands": "命令",
    "default: {}": "默认：{}",
    "env var: {}": "环境变量：{}",
    "required": "必填",
    "(DEPRECATED)": "（已弃用）",
    "Show this message and exit.": "显示本帮助并退出。",
    "Install completion for the current shell.": "为当前 shell 安装命令补全。",
    "Show completion for the current shell, to copy it or customize the installation.": "显示当前 shell 的补全脚本，以便复制或自定义安装。",
    "Example:": "示例：",
    # -- the groups of `zhitong --help` ----------------------------------------------------------------
    "Getting started": "入门",
    "Cases": "诉求",
    "Views": "查看",
    "Reports": "报表",
    "Records": "名录",
    "Calendar": "日历",
    "Maintenance": "维护",
    # -- zhitong ---------------------------------------------------------------------------------------
    "zhitong (直通): the case book for keeping the zone's promises to its enterprises.": "直通（zhitong）：园区兑现对企业承诺的诉求台账。",
    "Log each problem an enterprise raises as a case, route it to a department, record the written answer (who, how, by when) and close it; every case runs on SLA clocks that pause over Chinese public holidays. Check `zhitong overdue` every morning.": (
        "把企业提出的每个问题登记为一件诉求，交办给责任部门，记录书面答复（谁负责、如何办、何时解决）"
        "并办结；每件诉求都按承诺时限计时，遇法定节假日顺延。每天早上请看 `zhitong overdue`。"
    ),
    "Database file (default: ZHITONG_DB, or zhitong.db in the user data directory).": "数据库文件（默认：ZHITONG_DB，或用户数据目录下的 zhitong.db）。",
    "Interface language: zh or en (default: ZHITONG_LANG, config, locale).": "界面语言：zh 或 en（默认依次取 ZHITONG_LANG、配置文件、系统区域设置）。",
    "A TOML policy file overriding the default time limits.": "覆盖默认时限的 TOML 时限政策文件。",
    # -- options many commands share --------------------------------------------------------------------
    "Print JSON (stable keys) instead of a table.": "输出 JSON（键名稳定），而非表格。",
    "Case references.": "诉求编号。",
    "When it happened (default: now). E.g. 2026-11-24 09:30, today 14:00, -2h.": "发生时间（默认：现在），如 2026-11-24 09:30、今天 14:00、-2h。",
    "A remark for the history.": "记入办理记录的备注。",
    "Only this department's cases.": "只看该部门的诉求。",
    "Only this enterprise's cases.": "只看该企业的诉求。",
    "Only enterprises of this assistance officer.": "只看该帮扶专员负责的企业。",
    # -- cases ------------------------------------------------------------------------------------------
    "Log a new case and print its reference and deadlines.": "登记一件新诉求，显示其编号和各项时限。",
    "Enterprise name (exact, or a unique part of it).": "企业名称（全称，或能唯一确定该企业的部分）。",
    "The problem, in a line.": "问题，一句话写明。",
    "Assign to this department at once.": "立即交办给该部门。",
    "The full text of the problem.": "问题的完整描述。",
    "When it was received (default: now).": "受理时间（默认：现在）。",
    "consult only: the answer given on the spot (resolves the case).": "仅限政策咨询：现场给出的答复（诉求随即办结）。",
    "Hand the case to the responsible department (交办).": "把诉求交给责任部门办理（交办）。",
    "Department name.": "部门名称。",
    "Move the case to another department (转办); the clock keeps running from intake.": "把诉求转给另一个部门（转办）；时限仍从受理时起算。",
    "The department taking over.": "接手的部门。",
    "Why (recorded in the history).": "原因（记入办理记录）。",
    "Record the department's written answer: who, how and by when (答复).": "记录部门的书面答复：谁负责、如何办、何时解决（答复）。",
    "Who is responsible (谁负责).": "责任人（谁负责）。",
    "How it will be handled (如何办).": "办理方式（如何办）。",
    "Print the answer ready to paste into the WeChat group.": "输出可直接粘贴到微信群的答复。",
    "Re-categorise the case (请示); its deadlines are recomputed from intake.": "改变诉求的类别（请示）；各项时限从受理时重新计算。",
    "Record the research result of a major case (反馈研究结果).": "记录重大问题的研究结果（反馈研究结果）。",
    "The research result.": "研究结果。",
    "Close the case as solved and fed back (办结).": "诉求已解决并已反馈，予以办结（办结）。",
    "File a restricted case with 双创办 (备案); this closes it.": "把政策限制类诉求报双创办备案（备案）；备案后诉求即结束。",
    "The enterprise's rating, 1 (poor) to 5 (excellent).": "企业的评价，1（很差）至 5（很好）。",
    "What the enterprise said.": "企业的意见。",
    "Chase the department about the case (督办); urges are counted.": "就该诉求督促部门（督办）；督办次数计入统计。",
    "Stop the clocks while waiting for the enterprise.": "等待企业期间暂停计时。",
    "Restart the clocks of a paused case; the paused time does not count.": "恢复已暂停诉求的计时；暂停期间不计入时限。",
    "Reopen a resolved or filed case the enterprise is not satisfied with.": "企业不满意时，重新办理已办结或已备案的诉求。",
    "The department owes a resolution again, on the same limit, counted from the reopening.": "部门须再次办结，时限与原来相同，从重新办理时起算。",
    "Add a remark to the case's history.": "在诉求的办理记录中添加备注。",
    "The remark.": "备注内容。",
    "Show a case: its deadlines (met, late, pending, provisional) and its timeline.": "查看一件诉求：各项时限（按时、超期、办理中、暂定）及办理经过。",
    # -- views ------------------------------------------------------------------------------------------
    "Open cases, nearest deadline first, with the working time left.": "未办结的诉求，最近的时限在前，并显示剩余的工作时间。",
    "Every unmet milestone past its deadline, most overdue first, then a count per department.": "所有已过时限未完成的节点，超期最久的在前，并按部门计数。",
    "Exit with status 1 when anything is overdue (for cron).": "有任何超期时以状态 1 退出（便于 cron 使用）。",
    "What falls due within that working time (at risk), nearest first.": "在给定的工作时间内到期的节点（有超期风险），最近的在前。",
    "Cases in order of intake, with any filters.": "按受理顺序列出诉求，可加任意筛选条件。",
    "Received on or after this day.": "受理日期不早于该日。",
    "Received before the end of this day.": "受理时间不晚于该日结束。",
    "Find cases by any text: titles, details and every answer and note in their histories.": "按任意文字查找诉求：标题、详情及办理记录中的答复和备注。",
    "Chinese works as typed; one- and two-character words are found too.": "中文照常输入即可；单字词和双字词也能找到。",
    "Words to find in titles, details and histories (every word must occur).": "要在标题、详情和办理记录中查找的词（每个词都须出现）。",
    "Show at most this many cases, newest first.": "最多显示这么多件诉求，最新的在前。",
    # -- reports ----------------------------------------------------------------------------------------
    "The department assessment (考核) for the cases received in a month.": "某月受理诉求的部门考核（考核）。",
    "Per department: cases received, answers and resolutions on time, median response time (working time), cases still overdue, urges, transfers, the mean rating, and a bar of the on-time rate. On time counts the deadlines already met or past; pending ones count later.": (
        "按部门列出：受理件数、按时答复和按时办结的件数、答复用时中位数（工作时间）、仍超期的件数、督办次数、"
        "转办次数、平均评价，以及按时率条形图。按时率只计已完成或已到期的时限；尚未到期的以后再计。"
    ),
    "YYYY-MM (default: this month).": "YYYY-MM（默认：本月）。",
    "One row per case received in the period, for the monthly report (default: this month).": "期间内受理的每件诉求一行，用于月报（默认：本月）。",
    "Received on or after this day (YYYY-MM-DD).": "受理日期不早于该日（YYYY-MM-DD）。",
    "Received on or before this day (YYYY-MM-DD).": "受理日期不晚于该日（YYYY-MM-DD）。",
    "Every case ever received.": "所有受理过的诉求。",
    "Write to this file (default: stdout).": "写入该文件（默认：标准输出）。",
    "Also prove the history up to this anchor code (from zhitong anchor or stats) unchanged.": "同时证明截至该锚定码（来自 zhitong anchor 或 stats）的办理记录未被改动。",
    "Replace the output file if it exists.": "输出文件已存在时替换它。",
    "Replace an existing file (an older backup, never the database in use).": "替换已有文件（旧的备份，绝不会是正在使用的数据库）。",
    "where hotline-2026-11.csv reads:": "其中 hotline-2026-11.csv 的内容为：",
    "Add enterprises the registry does not know (by name only).": "把名录中没有的企业加入名录（只记名称）。",
    "Channel for rows that name none.": "未写渠道的行所用的渠道。",
    "Import the good lines and list the bad ones, instead of importing nothing.": "导入无误的行并列出有误的行，而不是什么都不导入。",
    "Check every line and report; write nothing.": "检查每一行并报告结果；不写入任何内容。",
    "The day's summary ready to paste into the WeChat group (plain text, at most 1,500 characters).": "当天的工作小结，可直接粘贴到微信群（纯文本，最多 1,500 字）。",
    "New cases, answers, resolutions, what falls due today and what is overdue, by department, each case by reference and enterprise. Chinese unless --lang en is given.": (
        "按部门列出新受理、已答复、已办结、今天到期和已超期的诉求，每件注明编号和企业。除非给出 --lang en，否则用中文。"
    ),
    # -- records ----------------------------------------------------------------------------------------
    "Create the database (if needed) and say where it is.": "创建数据库（如尚不存在），并显示其位置。",
    "Any command creates it on first use; init only makes it explicit.": "任何命令首次使用时都会自动创建数据库；init 只是明确地创建。",
    "Build the demo case book from the article and show the morning view.": "根据原文案例建立演示台账，并显示每天早上的视图。",
    "The demo never writes into your own database: it builds a separate file, says where, and rebuilds it from scratch each time it runs. Its cases are laid out in working time before now, so some are late and one is provisional on whatever day it is run.": (
        "演示从不写入您自己的数据库：它另建一个文件并告诉您位置，每次运行都从头重建。其中的诉求按当前时刻之前的"
        "工作时间排布，所以无论哪天运行，总有几件超期、一件时限暂定。"
    ),
    "Where to build the demo (default: zhitong-demo.db beside your own database).": "演示台账的位置（默认：您的数据库旁的 zhitong-demo.db）。",
    "Departments that cases are routed to.": "承办诉求的部门。",
    "Add a department.": "添加一个部门。",
    "The name, in full.": "全称。",
    "The department head.": "部门负责人。",
    "Contact phone.": "联系电话。",
    "Enterprises that raise cases.": "提出诉求的企业。",
    "Add an enterprise to the registry.": "把一家企业加入企业名录。",
    "Unified social credit code (18 characters).": "统一社会信用代码（18 位）。",
    "A key enterprise (重点骨干企业).": "是重点骨干企业。",
    "Contact person.": "联系人。",
    "Assigned assistance officer.": "负责的帮扶专员。",
    "Columns: name, credit_code, group (service or liaison), key (yes or no), contact, phone, officer (or 企业名称, 统一社会信用代码, 分组, 重点企业, 联系人, 联系电话, 帮扶专员). Every line is checked first; if any is bad, each is listed and nothing is imported (unless --skip-invalid). Names already in the registry are left as they are.": (
        "列：企业名称、统一社会信用代码、分组（规上企业 service 或包联帮扶企业 liaison）、重点企业（yes 或 no）、"
        "联系人、联系电话、帮扶专员（或 name、credit_code、group、key、contact、phone、officer）。先逐行检查；"
        "只要有一行有误，就逐一列出，什么也不导入（除非加 --skip-invalid）。名录中已有的企业保持不变。"
    ),
    "where enterprises.csv reads:": "其中 enterprises.csv 的内容为：",
    # -- calendar and policy ----------------------------------------------------------------------------
    "How each deadline of a case was worked out: limit, clock, the days that counted, the holidays and make-up days crossed (named), each pause and how far it moved the deadline, and what is provisional.": (
        "逐项说明一件诉求的每个时限是怎样算出来的：时限、计时方式、计入的日子、经过的节假日和调休上班日（附名称）、"
        "每次暂停顺延了多久，以及哪些部分是暂定的。"
    ),
    "What-if: if I accept a case now (or --from), when is it due?": "假设推算：现在（或 --from 给定的时刻）受理一件诉求，何时到期？",
    "The intake instant (default: now).": "受理时刻（默认：现在）。",
    "Apply the current policy's limits to open cases, on purpose (recorded in each history).": "手动把现行时限政策应用到未办结的诉求（记入各自的办理记录）。",
    "A case keeps the limits that applied at its intake until you do this.": "在执行此命令之前，每件诉求沿用受理时适用的时限。",
    "Every open case.": "所有未办结的诉求。",
    "Working days, holidays and make-up days (调休).": "工作日、节假日和调休上班日（调休）。",
    "Enter a year's State Council schedule: its notice as published, or a CSV; the year becomes covered.": "录入国务院某一年的放假安排：通知原文或 CSV；该年即纳入日历。",
    "The notice (国务院办公厅关于2027年部分节假日安排的通知) is checked before anything is written: a weekday in brackets that is not that date's, a 共N天 that is not the length of the days off, a 上班 day inside them, a date that does not exist, an item that cannot be read — each is told with its sentence and nothing is entered. Entering a year again replaces what was entered for it. Every case whose deadlines depend on it is recomputed in the same transaction, so provisional deadlines become final; the year's month grids follow.": (
        "通知（国务院办公厅关于2027年部分节假日安排的通知）在写入之前先经检查：括号中的星期与该日期不符、"
        "共N天与放假天数不符、放假期间夹有上班日、日期不存在、某一条读不懂——每个问题都连同原句指出，"
        "且不录入任何内容。再次录入某一年，会替换此前为该年录入的内容。时限取决于该年的每件诉求都在同一事务中"
        "重新计算，暂定的时限随之确定；该年的月历也随之更新。"
    ),
    "where schedule-2027.csv reads:": "其中 schedule-2027.csv 的内容为：",
    "The State Council's notice as published: a text file, or - to paste it.": "国务院发布的通知原文：一个文本文件，或用 - 表示直接粘贴。",
    "The notice's year, when the pasted part does not say it.": "通知所属的年份（粘贴的部分没有写明时）。",
    "Show what was read, as month grids, and write nothing.": "以月历显示读到的内容，不写入任何内容。",
    "Enter a notice for a year the built-in data covers (one that corrects it).": "为自带数据已涵盖的年份录入通知（用以更正自带数据）。",
    "Mark one day as a holiday or a working day (your entry wins over the shipped data).": "把某一天标为节假日或工作日（您的录入优先于自带数据）。",
    "The date, YYYY-MM-DD.": "日期，YYYY-MM-DD。",
    "What the day is, e.g. 元旦.": "这一天的名称，如 元旦。",
    "Remove your entry for a day (the shipped data, or the weekday rule, applies again).": "删除您对某一天的录入（重新按自带数据或周一至周五上班的规则）。",
    "Which years the holiday schedule is known for; deadlines beyond are provisional.": "节假日安排已知的年份；超出这些年份的时限为暂定。",
    "Month grids with holidays (休) and make-up working days (班) marked, and their names.": "月历，标出节假日（休）和调休上班日（班）及其名称。",
    "A whole year is drawn three months across when the terminal is wide enough.": "终端足够宽时，全年按每行三个月显示。",
    "YYYY or YYYY-MM (default: this month).": "YYYY 或 YYYY-MM（默认：本月）。",
    "The time limits each category promises.": "各类诉求承诺的时限。",
    "The limits in force: the default table, or your policy file laid over it.": "现行时限：默认时限表，或叠加了您的时限政策文件后的结果。",
    # -- maintenance ------------------------------------------------------------------------------------
    "Verify the database: SQLite's integrity and foreign keys, then zhitong's own invariants.": "校验数据库：SQLite 完整性与外键，以及直通自身的一致性规则。",
    "The triggers must be zhitong's, word for word; the history's hash chain must hold; every case must begin with its intake event, its stored fields must be what its history recorded, and its deadlines what the policy it recorded and the calendar give. With --anchor, the history up to that code must be unchanged since it was printed. Each problem is listed; the exit status is 1 when there is any (for cron), 0 when all is well.": (
        "触发器须与直通的逐字相同；办理记录的哈希链须完整；每件诉求须以受理事件开始，其存储的各项须与办理记录所载相符，"
        "各项时限须与其记录的时限政策和日历相符。加 --anchor 时，截至该锚定码的办理记录须自打印以来未被改动。"
        "逐条列出每个问题；有问题时退出状态为 1（供 cron 使用），一切正常时为 0。"
    ),
    "Print the history's anchor: a short code that fixes every event recorded so far.": "打印办理记录的锚定码：一个短码，固定迄今记录的每个事件。",
    "Write it down or hand it on (the month's report prints it too): zhitong check --anchor CODE later proves that nothing recorded up to that moment was changed or removed since, even by someone who could edit the file.": (
        "把它记下或交给他人（月度报表也会打印它）：日后用 zhitong check --anchor 锚定码 即可证明，"
        "截至那一刻记录的内容此后没有被修改或删除，即使有人能直接编辑数据库文件。"
    ),
    "Write a consistent copy of the database, safe while other zhitong processes write.": "写出数据库的一致副本；其他直通进程正在写入时也安全。",
    "To restore, stop using zhitong, then copy the backup over the database file (or point --db / ZHITONG_DB at it) and run zhitong check.": (
        "恢复时，先停止使用直通，再用备份覆盖数据库文件（或用 --db / ZHITONG_DB 指向备份），然后运行 zhitong check。"
    ),
    "The new file to write the copy to.": "写入副本的新文件。",
    "The officer's settings: name, language, time zone, policy file, default channel.": "联络员的设置：姓名、语言、时区、时限政策文件、默认渠道。",
    "They live in config.toml in the user config directory (ZHITONG_CONFIG_DIR overrides it).": "设置保存在用户配置目录下的 config.toml 中（可用 ZHITONG_CONFIG_DIR 另行指定目录）。",
    "Show every setting, its value and what it does.": "显示每个设置项、其值及作用。",
    "Change one setting; the value is checked first and the file rewritten atomically.": "修改一个设置项；先检查其值，再以原子方式重写文件。",
    "language is zh or en; timezone only Asia/Shanghai (or +08:00); policy a TOML file that parses; channel one of new's channels; officer any non-empty name.": (
        "language 为 zh 或 en；timezone 只能是 Asia/Shanghai（或 +08:00）；policy 为可解析的 TOML 文件；"
        "channel 为 new 命令的渠道之一；officer 为任意非空的姓名。"
    ),
    "officer, language, timezone, policy or channel.": "officer（联络员姓名）、language（语言）、timezone（时区）、policy（时限政策文件）或 channel（默认渠道）。",
    "The new value (checked before it is written).": "新值（写入前先检查）。",
    "Remove one setting, so its default applies again.": "删除一个设置项，恢复其默认值。",
    "The setting to remove.": "要删除的设置项。",
}

# Each positional argument's name (in the usage line and the Arguments list), by its name in code.
ARGUMENTS: dict[str, str] = {
    "tags": "标签",
    "benefit": "政策编号",
    "package": "服务包",
    "item": "事项",
    "day": "日期",
    "dept": "部门",
    "destination": "目标文件",
    "enterprise": "企业",
    "file": "文件",
    "key": "设置项",
    "kind": "类型",
    "limit": "时限",
    "name": "名称",
    "period": "年月",
    "new": "新名称",
    "old": "原名称",
    "ref": "编号",
    "refs": "编号",
    "score": "评分",
    "text": "查找内容",
    "title": "标题",
    "value": "值",
}

# What an option takes, shown after it (`--db <路径>`), by the name of its type.
METAVARS: dict[str, str] = {
    "str": "文本",
    "text": "文本",
    "path": "路径",
    "int": "整数",
    "integer": "整数",
    "float": "数值",
    "boolean": "是否",
}

# The hotline workflow's commands (sign, return, extend, approve, refuse, and the new options).
HELP.update(HOTLINE_HELP)
