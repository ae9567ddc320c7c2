"""UI strings of stepping and playing (computation order, play speed, arrow keys) and of image export
without a browser: EN and ZH hold the same keys."""

EN: dict[str, str] = {
    "speed.label": "Play speed (steps)",
    "speed.option": "{n} per second",
    "speed.help": "Steps per second while playing. Each step is drawn before the next one is asked for, so "
    "none is skipped; a slow computer plays slower than chosen.",
    "step.greyed": "Greyed: the states not computed yet at step t = {t} (the forward direction runs 0 → t, "
    "the reverse direction runs {last} → t).",
    "step.keys": "The ← and → keys step back and forward.",
    "export.no_browser": "PNG and SVG need a Chromium browser on the server, and none is installed here (a "
    "hosted demo installs it from packages.txt). The HTML, CSV, .npz and .py downloads work as usual.",
}

ZH: dict[str, str] = {
    "speed.label": "播放速度",
    "speed.option": "每秒 {n} 步",
    "speed.help": "播放时每秒前进的时间步数。每一步都先绘制完成再请求下一步，因此不会跳步；"
    "较慢的电脑播放会比所选速度慢。",
    "step.greyed": "灰色：在时间步 t = {t} 时尚未计算的状态（正向从 0 算到 t，反向从 {last} 算到 t）。",
    "step.keys": "按 ← 和 → 键后退或前进一步。",
    "export.no_browser": "PNG 和 SVG 需要服务器上安装 Chromium 浏览器，而这里没有安装（托管演示会根据 packages.txt "
    "安装）。HTML、CSV、.npz 和 .py 下载照常可用。",
}
