from zhitong.commands.launch import run

run()
