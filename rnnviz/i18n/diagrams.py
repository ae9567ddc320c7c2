"""UI strings of the diagrams (the bidirectional concat and the unrolled network): EN and ZH hold the same keys."""

EN: dict[str, str] = {
    # directions
    "diag.dir.0": "forward →",
    "diag.dir.1": "reverse ←",
    # the concat diagram
    "diag.concat.title": "How output and h_n are formed (layer {layer}, batch element {b}, t = {t})",
    "diag.concat.title_uni": "Unidirectional: output and h_n (layer {layer}, batch element {b}, t = {t})",
    "diag.concat.strip_fwd": "h_t→  layer {layer} forward: computed t = 0 → {last}",
    "diag.concat.strip_rev": "h_t←  layer {layer} reverse: computed t = {last} → 0",
    "diag.concat.half_0": "[:H] = h_t→  (features 0..{H}-1)",
    "diag.concat.half_1": "[H:] = h_t←  (features {H}..{DH}-1)",
    "diag.concat.half_uni": "= h_t→  (all {H} features)",
    "diag.concat.layer_output": "layer {layer} output",
    "diag.concat.hover_state": "h_t of layer {layer}, {where}<br>t = {t}, unit {j}<br>value = {v:.4f}"
    "<br>step {order} of this direction's pass",
    "diag.concat.hover_output": "output of layer {layer} [t = {t}, n = {n}, feature {j}] = {v:.4f}"
    "<br>copied from h_t {where}, unit {k}, t = {t}<br>(step {order} of that direction's pass)",
    "diag.concat.hover_hn": "h_n[{k}], unit {j} = {v:.4f}",
    "diag.concat.hn_from_fwd": "last forward state:<br>h_t→ at t = {last}",
    "diag.concat.hn_from_rev": "last reverse state:<br>h_t← at t = 0",
    "diag.identity.diff": "max |diff| = {diff}",
    "diag.concat.h_n_title": "All of h_n: [num_layers·D, N, H] = [{K}, {N}, {H}], batch element {b}",
    "diag.concat.next_layer": "Layer {l1} reads this concat:<br>input {shape} = [L, N, 2·H],<br>"
    "so weight_ih_l{l1} is {w} = [H, 2·H].",
    "diag.concat.next_layer_uni": "Layer {l1} reads these states:<br>input {shape} = [L, N, H],<br>"
    "so weight_ih_l{l1} is {w} = [H, H].",
    "diag.concat.prev_layer": "This is what rnn(x) returns as output: {shape}.<br>"
    "Layer {l} itself read layer {l0}'s concat,<br>so weight_ih_l{l} is {w} = [H, 2·H].",
    "diag.concat.prev_layer_uni": "This is what rnn(x) returns as output: {shape}.<br>"
    "Layer {l} read layer {l0}'s states,<br>so weight_ih_l{l} is {w} = [H, H].",
    "diag.concat.would_be": "This is what rnn(x) returns as output: {shape}.<br>"
    "A second layer (num_layers=2) would read it,<br>so weight_ih_l1 would be {w} = [H, 2·H].",
    "diag.concat.would_be_uni": "This is what rnn(x) returns as output: {shape}.<br>"
    "A second layer (num_layers=2) would read it,<br>so weight_ih_l1 would be {w} = [H, H].",
}

ZH: dict[str, str] = {
    "diag.dir.0": "正向 →",
    "diag.dir.1": "反向 ←",
    "diag.concat.title": "output 与 h_n 是怎样形成的（第 {layer} 层，批次元素 {b}，t = {t}）",
    "diag.concat.title_uni": "单向：output 与 h_n（第 {layer} 层，批次元素 {b}，t = {t}）",
    "diag.concat.strip_fwd": "h_t→  第 {layer} 层正向：按 t = 0 → {last} 计算",
    "diag.concat.strip_rev": "h_t←  第 {layer} 层反向：按 t = {last} → 0 计算",
    "diag.concat.half_0": "[:H] = h_t→（特征 0..{H}-1）",
    "diag.concat.half_1": "[H:] = h_t←（特征 {H}..{DH}-1）",
    "diag.concat.half_uni": "= h_t→（全部 {H} 个特征）",
    "diag.concat.layer_output": "第 {layer} 层输出",
    "diag.concat.hover_state": "第 {layer} 层的 h_t，{where}<br>t = {t}，单元 {j}<br>数值 = {v:.4f}"
    "<br>该方向计算的第 {order} 步",
    "diag.concat.hover_output": "第 {layer} 层输出 [t = {t}, n = {n}, 特征 {j}] = {v:.4f}"
    "<br>复制自 {where} 的 h_t，单元 {k}，t = {t}<br>（该方向计算的第 {order} 步）",
    "diag.concat.hover_hn": "h_n[{k}]，单元 {j} = {v:.4f}",
    "diag.concat.hn_from_fwd": "正向的最后状态：<br>t = {last} 处的 h_t→",
    "diag.concat.hn_from_rev": "反向的最后状态：<br>t = 0 处的 h_t←",
    "diag.identity.diff": "最大 |差| = {diff}",
    "diag.concat.h_n_title": "完整的 h_n：[num_layers·D, N, H] = [{K}, {N}, {H}]，批次元素 {b}",
    "diag.concat.next_layer": "第 {l1} 层读取这个拼接：<br>输入 {shape} = [L, N, 2·H]，<br>"
    "所以 weight_ih_l{l1} 是 {w} = [H, 2·H]。",
    "diag.concat.next_layer_uni": "第 {l1} 层读取这些状态：<br>输入 {shape} = [L, N, H]，<br>"
    "所以 weight_ih_l{l1} 是 {w} = [H, H]。",
    "diag.concat.prev_layer": "这就是 rnn(x) 返回的 output：{shape}。<br>"
    "第 {l} 层本身读取第 {l0} 层的拼接，<br>所以 weight_ih_l{l} 是 {w} = [H, 2·H]。",
    "diag.concat.prev_layer_uni": "这就是 rnn(x) 返回的 output：{shape}。<br>"
    "第 {l} 层读取第 {l0} 层的状态，<br>所以 weight_ih_l{l} 是 {w} = [H, H]。",
    "diag.concat.would_be": "这就是 rnn(x) 返回的 output：{shape}。<br>"
    "若再叠一层（num_layers=2），它会读取这个拼接，<br>所以 weight_ih_l1 将是 {w} = [H, 2·H]。",
    "diag.concat.would_be_uni": "这就是 rnn(x) 返回的 output：{shape}。<br>"
    "若再叠一层（num_layers=2），它会读取这些状态，<br>所以 weight_ih_l1 将是 {w} = [H, H]。",
}
