"""UI strings of the /compare page (two modules side by side): EN and ZH hold the same keys."""

EN: dict[str, str] = {
    "cmp.page": "Compare A and B",
    "cmp.title": "Two cells side by side",
    "cmp.intro": "A and B share every sidebar option, the input and the seed ({seed}); each picks its own cell. "
    "Each module is built from the same seed, so the input is the same, but the weights differ (a GRU has 3 "
    "row blocks, an LSTM 4). The URL keeps both sides: a.cell, b.cell, a.proj_size, ...",
    "cmp.side_a": "A: {module}",
    "cmp.side_b": "B: {module}",
    "cmp.cell": "cell",
    "cmp.curve_a": "A ({module}): ||dL/dh_t||",
    "cmp.curve_b": "B ({module}): ||dL/dh_t||",
    "cmp.grads_header": "How far back the gradient reaches",
    "cmp.grads_title": "||dL/dh_t|| of A and B on one log scale",
    "cmp.grads_caption": "Layer {layer}, forward direction, by autograd, with the gradients page's default loss. "
    "Where a side is an LSTM, the dotted line is its forget gate (mean over the units) on its own [0, 1] axis.",
}

ZH: dict[str, str] = {
    "cmp.page": "对比 A 与 B",
    "cmp.title": "两种单元并排对比",
    "cmp.intro": "A 和 B 共用侧边栏的所有选项、输入和种子（{seed}）；各自选择自己的单元。两个模块由相同的种子构建，"
    "因此输入相同，但权重不同（GRU 有 3 个行块，LSTM 有 4 个）。链接保存两侧：a.cell、b.cell、a.proj_size 等。",
    "cmp.side_a": "A：{module}",
    "cmp.side_b": "B：{module}",
    "cmp.cell": "单元",
    "cmp.curve_a": "A（{module}）：||dL/dh_t||",
    "cmp.curve_b": "B（{module}）：||dL/dh_t||",
    "cmp.grads_header": "梯度能向回传多远",
    "cmp.grads_title": "A 与 B 的 ||dL/dh_t||，同一对数刻度",
    "cmp.grads_caption": "第 {layer} 层，正向，由 autograd 计算，使用梯度页默认的损失。若某一侧是 LSTM，"
    "虚线是它的遗忘门（对各单元取平均），使用独立的 [0, 1] 坐标轴。",
}
