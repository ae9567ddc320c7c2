"""UI strings of the diagrams (the bidirectional concat and the unrolled network): EN and ZH hold the same keys."""

EN: dict[str, str] = {
    # directions
    "diag.dir.0": "forward →",
    "diag.dir.1": "reverse ←",
    # the page
    "diag.page.title": "The unrolled network and the bidirectional concat",
    "diag.page.intro": "Where every number of output and h_n comes from. The step t is shared with the dashboard.",
    "diag.page.step": "time step t",
    "diag.page.step_help": "The step highlighted in both diagrams (the same t as on the dashboard).",
    "diag.page.unrolled_header": "The network unrolled over time",
    "diag.page.unrolled_caption_bi": "Read it bottom to top. Each box is the same {cell} cell applied at one "
    "step, and its coloured strip is the state h_t it produced. The forward row passes h_t to the right, "
    "the reverse row to the left; the shaded band behind a row means every box in it uses the very same "
    "weight_ih and weight_hh. "
    "At every step the two directions' states are stacked into one vector, and that is what the next layer "
    "reads (the top one is output). h0 enters where a direction starts, h_n leaves where it ends.",
    "diag.page.unrolled_caption_uni": "Read it bottom to top. Each box is the same {cell} cell applied at one "
    "step, and its coloured strip is the state h_t it produced. The state is passed to the right; the shaded "
    "band behind a row means every box in it uses the very same weight_ih and weight_hh. The next layer reads "
    "h_t directly "
    "(there is no concat), and the top layer's h_t is output. h0 enters on the left, h_n leaves on the right.",
    "diag.page.unrolled_caption_lstm": "An nn.LSTM cell carries two states. Its box's upper strip is h_t, the lower "
    "strip the cell state c_t = f_t ⊙ c_(t-1) + i_t ⊙ g_t, passed along the row (c_(t-1) → c_t; reverse: c_(t+1) → "
    "c_t) from c0 to c_n. Only h_t goes up to the next layer and into output; c_t never leaves its layer and "
    "direction, and its colour scale (c_t) is its own: c_t is not bounded by ±1.",
    "diag.page.concat_header": "How {out_t} = [h_t→ ; h_t←] and h_n are formed",
    "diag.page.concat_header_uni": "Unidirectional: output is the forward states, h_n the last one",
    "diag.page.concat_caption": "Top: the forward states, computed left to right. Bottom: the reverse states, "
    "computed right to left but stored at the step they belong to. {out_t} stacks them: features 0..{H1} are "
    "the forward state, {H}..{DH1} the reverse state at the same t. So the forward direction's final state "
    "(h_n[-2]) sits at the end of output, while the reverse direction's final state (h_n[-1]) sits at its start.",
    "diag.page.concat_caption_uni": "Without a reverse direction there is nothing to concatenate: {out_t} is "
    "h_t itself ({H} features), and h_n[-1] is simply the last column of output. Switch bidirectional on to see "
    "output double to 2·H features and h_n split into two ends.",
    "diag.page.layer": "layer shown in the concat diagram",
    "diag.page.unit_inner": "feature {j} of layer {layer}'s concat at t = {t}",
    "diag.page.layer_help": "The last layer's concat is what rnn(x) returns as output; an earlier layer's concat "
    "is the input of the layer above it.",
    "diag.page.unit": "trace one output feature",
    "diag.page.unit_help": "Outline one feature of output at step t and the cell it was copied from. Hovering over "
    "any cell of the diagram also names its source.",
    "diag.page.unit_none": "none",
    "diag.page.unit_source_0": "Feature {j} of layer {layer}'s output at t = {t} is unit {k} of the forward state "
    "h_t→ at t = {t}, produced at step {order} of the left-to-right pass.",
    "diag.page.unit_source_1": "Feature {j} of layer {layer}'s output at t = {t} is unit {k} of the reverse state "
    "h_t← at t = {t}, produced at step {order} of the right-to-left pass.",
    "diag.page.unit_source_uni": "Feature {j} of layer {layer}'s output at t = {t} is unit {k} of h_t at t = {t}: "
    "with one direction output is the states themselves.",
    "diag.page.identities_header_uni": "One identity, checked on these numbers",
    "diag.page.pack_header": "Padded sequences: why h_n is not output[-1], and how pack_padded_sequence makes it right",
    "diag.page.pack_intro": "With lengths, the model runs on pack_padded_sequence(x, lengths, enforce_sorted=False): "
    "each sequence stops at its own length. Every line below is checked on this page's numbers.",
    "diag.pack.last_is_padding": "sequence {n} has {length} of {L} steps, so output's last step is padding for it: "
    "zeros, not a state the cell computed",
    "diag.pack.not_last": "so for sequence {n}, h_n (forward) is not output[-1]: the numbers differ",
    "diag.pack.gather": "h_n holds each sequence's forward state at its own last step lengths[n] - 1: pick it "
    "from output with lengths - 1",
    "diag.pack.reverse": "the reverse direction starts at each sequence's own last step and ends at t = 0 for all of "
    "them, so output's first step still holds h_n's reverse half",
    "diag.pack.unpacked": "without packing, rnn(x, h0) on the padded x also runs the padding steps: its h_n differs "
    "from the packed one",
    "diag.page.idioms_header": "The tutorials' idioms, checked on these numbers",
    "diag.idiom.h_n_view": "splits h_n's first axis into layers and directions: [l, d] is where direction d of layer l "
    "ended (forward at the last step, reverse at t = 0).",
    "diag.idiom.output_view": "splits output's features into directions: [..., 0, :] is the forward states h_t→, "
    "[..., 1, :] the reverse states h_t← of the last layer, each at its own t.",
    "diag.idiom.output_view_uni": "gives output's features a direction axis of size 1: [..., 0, :] is the "
    "forward states h_t of the last layer, each at its own t.",
    "diag.idiom.classifier_bi": "joins the last layer's two final states: forward output[-1] first half and reverse "
    "output[0] second half -- not output[-1], whose reverse half has seen only the last step.",
    "diag.idiom.classifier_uni": "the last layer's final state, the same numbers as the last step of output.",
    "diag.page.identities_header": "Two identities, checked on these numbers",
    "diag.page.identities_caption": "✓ means the two slices hold the same numbers for every batch element of this "
    "trace (max |diff| over the whole batch); the table shows the selected batch element.",
    "diag.page.identity_failed": "This identity does not hold for this trace. That should never happen: please "
    "report the link to this page.",
    "diag.page.h_n_rule": "In general h_n[l·2 + 0] is layer l's forward state at the last step and h_n[l·2 + 1] "
    "its reverse state at t = 0, so h_n has num_layers·2 entries, and only the last layer's two also appear "
    "in output.",
    "diag.page.h_n_rule_uni": "In general h_n[l] is layer l's state at the last step, so h_n has num_layers "
    "entries, and only the last one also appears in output.",
    # the unrolled network
    "diag.unrolled.title": "The unrolled network: {L} time steps × {layers} layer(s), batch element {b}",
    "diag.unrolled.box": "Each box is the {cell} cell at one step; its strip is h_t.",
    "diag.unrolled.box_lstm": "Each box is the {cell} cell at one step: top strip h_t, bottom strip c_t.<br>"
    "c_t runs along its row only (c0 in, c_n out); h_t also goes up.",
    "diag.unrolled.lanes": "top h_t, below it c_t",
    "diag.unrolled.hover_c": "layer {layer}, {where}, t = {t}<br>c_t unit {j} = {v:.4f}",
    "diag.unrolled.legend_bi": "{box}<br>"
    "Shaded band = one weight_ih / weight_hh shared by every step.<br>Forward runs left → right, reverse right → left; "
    "layer l+1 reads [h_t→ ; h_t←].",
    "diag.unrolled.legend_uni": "{box}<br>"
    "Shaded band = one weight_ih / weight_hh shared by every step.<br>"
    "One direction only: left → right; layer l+1 reads layer l's h_t.",
    "diag.unrolled.row_x": "input x_t",
    "diag.unrolled.row_cell": "layer {layer}",
    "diag.unrolled.row_concat": "concat → layer {l1}",
    "diag.unrolled.row_output": "concat = output",
    "diag.unrolled.time_major": "(time-major inside {cell})",
    "diag.unrolled.hover_x": "x_{t} ({n} features)<br>{values}",
    "diag.unrolled.hover_cell": "layer {layer}, {where}, t = {t}<br>h_t unit {j} = {v:.4f}",
    "diag.unrolled.hover_concat": "[h_t→ ; h_t←] of layer {layer}, t = {t}<br>feature {j} = {v:.4f} (from {where})",
    # the concat diagram
    "diag.concat.title": "How output and h_n are formed (layer {layer}, batch element {b}, t = {t})",
    "diag.concat.title_uni": "Unidirectional: output and h_n (layer {layer}, batch element {b}, t = {t})",
    "diag.concat.strip_fwd": "h_t→  layer {layer} forward<br>computed t = 0 → {last}",
    "diag.concat.strip_rev": "h_t←  layer {layer} reverse<br>computed t = {last} → 0",
    "diag.concat.half_0": "[:{Hs}] = h_t→  (features 0..{H1})",
    "diag.concat.half_1": "[{Hs}:] = h_t←  (features {H}..{DH1})",
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
    "diag.concat.c_n_title": "And c_n: [num_layers·D, N, H] = [{K}, {N}, {H}], batch element {b}",
    "diag.concat.c_n_note": "nn.LSTM returns (h_n, c_n) beside output:<br>c_n[k] is c_t where direction k ended.<br>"
    "c_n is not part of output: output has {DH} features<br>per step ({D} × {Hs} = {D} × {out}), all of them h_t.",
    "diag.concat.hover_cn": "c_n[{k}], unit {j} = {v:.4f}",
    "diag.concat.h_n_title": "All of h_n: [num_layers·D, N, {Hs}] = [{K}, {N}, {H}], batch element {b}",
    "diag.concat.next_layer": "Layer {l1} reads this concat:<br>"
    "input {shape} = {dims} (time-major inside {cell}),<br>"
    "so weight_ih_l{l1} is {w} = {sym}.",
    "diag.concat.next_layer_uni": "Layer {l1} reads these states:<br>"
    "input {shape} = {dims} (time-major inside {cell}),<br>"
    "so weight_ih_l{l1} is {w} = {sym}.",
    "diag.concat.prev_layer": "This is what rnn(x) returns as output: {shape} = {dims}.<br>"
    "Layer {l} itself read layer {l0}'s concat,<br>so weight_ih_l{l} is {w} = {sym}.",
    "diag.concat.prev_layer_uni": "This is what rnn(x) returns as output: {shape} = {dims}.<br>"
    "Layer {l} read layer {l0}'s states,<br>so weight_ih_l{l} is {w} = {sym}.",
    "diag.concat.would_be": "This is what rnn(x) returns as output: {shape} = {dims}.<br>"
    "A second layer (num_layers=2) would read it,<br>so weight_ih_l1 would be {w} = {sym}.",
    "diag.concat.would_be_uni": "This is what rnn(x) returns as output: {shape} = {dims}.<br>"
    "A second layer (num_layers=2) would read it,<br>so weight_ih_l1 would be {w} = {sym}.",
}

ZH: dict[str, str] = {
    "diag.dir.0": "正向 →",
    "diag.dir.1": "反向 ←",
    "diag.page.title": "展开的网络与双向拼接",
    "diag.page.intro": "output 与 h_n 的每个数来自哪里。时间步 t 与仪表板共用。",
    "diag.page.step": "时间步 t",
    "diag.page.step_help": "两张图中高亮的时间步（与仪表板上的 t 相同）。",
    "diag.page.unrolled_header": "按时间展开的网络",
    "diag.page.unrolled_caption_bi": "从下往上读。每个方框都是同一个 {cell} 单元在某一时间步的应用，"
    "方框中的色条是它算出的状态 h_t。正向一行把 h_t 向右传，反向一行向左传；"
    "一行背后的底色带表示这一行所有方框使用完全相同的 weight_ih 与 "
    "weight_hh。每个时间步两个方向的状态被叠成一个向量，下一层读取的就是它（最上面那个就是 output）。"
    "h0 从方向的起点进入，h_n 从终点离开。",
    "diag.page.unrolled_caption_uni": "从下往上读。每个方框都是同一个 {cell} 单元在某一时间步的应用，"
    "方框中的色条是它算出的状态 h_t。状态向右传递；"
    "一行背后的底色带表示这一行所有方框使用完全相同的 weight_ih 与 weight_hh。下一层直接读取 h_t"
    "（没有拼接），最上层的 h_t 就是 output。h0 从左边进入，h_n 从右边离开。",
    "diag.page.unrolled_caption_lstm": "nn.LSTM 单元携带两个状态。方框上面的色条是 h_t，下面的是细胞状态 "
    "c_t = f_t ⊙ c_(t-1) + i_t ⊙ g_t，它沿本行从 c0 传到 c_n（c_(t-1) → c_t；反向为 c_(t+1) → c_t）。"
    "只有 h_t 向上传给下一层并进入 output；c_t 从不离开它所在的层和方向，它的色标（c_t）是单独的：c_t 不受 ±1 限制。",
    "diag.page.concat_header": "{out_t} = [h_t→ ; h_t←] 与 h_n 是怎样形成的",
    "diag.page.concat_header_uni": "单向：output 就是正向状态，h_n 是最后一个",
    "diag.page.concat_caption": "上方：正向状态，从左到右计算。下方：反向状态，从右到左计算，但存放在它所属的时间步。"
    "{out_t} 把两者叠在一起：特征 0..{H1} 是正向状态，{H}..{DH1} 是同一 t 的反向状态。所以正向的最终状态（h_n[-2]）"
    "位于 output 的末尾，而反向的最终状态（h_n[-1]）位于它的开头。",
    "diag.page.concat_caption_uni": "没有反向就没有可拼接的东西：{out_t} 就是 h_t 本身（{H} 个特征），h_n[-1] "
    "就是 output 的最后一列。打开 bidirectional，可以看到 output 变成 2·H 个特征，h_n 分成两端。",
    "diag.page.layer": "拼接图显示的层",
    "diag.page.unit_inner": "第 {layer} 层拼接在 t = {t} 的特征 {j}",
    "diag.page.layer_help": "最后一层的拼接就是 rnn(x) 返回的 output；更早一层的拼接是其上一层的输入。",
    "diag.page.unit": "追踪一个输出特征",
    "diag.page.unit_help": "在时间步 t 框出 output 的一个特征及其复制来源的单元。"
    "把鼠标悬停在图中任一单元上也会显示来源。",
    "diag.page.unit_none": "不追踪",
    "diag.page.unit_source_0": "第 {layer} 层输出在 t = {t} 的特征 {j}，是 t = {t} 处正向状态 h_t→ 的单元 {k}，"
    "由从左到右计算的第 {order} 步得到。",
    "diag.page.unit_source_1": "第 {layer} 层输出在 t = {t} 的特征 {j}，是 t = {t} 处反向状态 h_t← 的单元 {k}，"
    "由从右到左计算的第 {order} 步得到。",
    "diag.page.unit_source_uni": "第 {layer} 层输出在 t = {t} 的特征 {j}，是 t = {t} 处 h_t 的单元 {k}："
    "只有一个方向时，output 就是状态本身。",
    "diag.page.identities_header_uni": "一个恒等式，用这些数检验",
    "diag.page.pack_header": "填充的序列：为什么 h_n 不再等于 output[-1]，以及 pack_padded_sequence 如何纠正",
    "diag.page.pack_intro": "给定 lengths 时，模型在 pack_padded_sequence(x, lengths, enforce_sorted=False) 上运行："
    "每个序列在它自己的长度处停止。下面每一行都用本页的数检验。",
    "diag.pack.last_is_padding": "序列 {n} 只有 {length} 步（共 {L} 步），所以 output 的最后一步对它来说是填充："
    "全是 0，不是单元算出的状态",
    "diag.pack.not_last": "因此对序列 {n} 来说，h_n（正向）不等于 output[-1]：两者的数不同",
    "diag.pack.gather": "h_n 存放的是每个序列在它自己最后一步 lengths[n] - 1 的正向状态："
    "用 lengths - 1 从 output 中取出",
    "diag.pack.reverse": "反向从每个序列自己的最后一步开始，并且都在 t = 0 结束，"
    "所以 output 第一步的后一半仍然是 h_n 的反向部分",
    "diag.pack.unpacked": "不打包时，rnn(x, h0) 在填充后的 x 上连填充的时间步也一起运行：它的 h_n 与打包后的不同",
    "diag.page.idioms_header": "教程中的常用写法，用这些数检验",
    "diag.idiom.h_n_view": "把 h_n 的第一维拆成层和方向：[l, d] 是第 l 层第 d 个方向结束时的状态"
    "（正向在最后一步，反向在 t = 0）。",
    "diag.idiom.output_view": "把 output 的特征拆成两个方向：[..., 0, :] 是最后一层的正向状态 h_t→，"
    "[..., 1, :] 是反向状态 h_t←，各自位于自己的 t。",
    "diag.idiom.output_view_uni": "给 output 的特征加上大小为 1 的方向维：[..., 0, :] 就是最后一层的正向状态 h_t，"
    "各自位于自己的 t。",
    "diag.idiom.classifier_bi": "拼接最后一层的两个最终状态：正向取 output[-1] 的前一半，反向取 output[0] 的后一半"
    "——而不是 output[-1]，它的反向一半只看到了最后一步。",
    "diag.idiom.classifier_uni": "最后一层的最终状态，与 output 最后一步的数完全相同。",
    "diag.page.identities_header": "两个恒等式，用这些数检验",
    "diag.page.identities_caption": "✓ 表示两个切片对本次计算的每个样本都完全相同（最大 |差| 取自整个批次）；"
    "表格显示所选的样本。",
    "diag.page.identity_failed": "这个恒等式对本次计算不成立。这本不应发生：请报告本页链接。",
    "diag.page.h_n_rule": "一般地，h_n[l·2 + 0] 是第 l 层在最后一步的正向状态，h_n[l·2 + 1] 是它在 t = 0 的反向状态，"
    "所以 h_n 有 num_layers·2 个条目，只有最后一层的两个也出现在 output 中。",
    "diag.page.h_n_rule_uni": "一般地，h_n[l] 是第 l 层在最后一步的状态，所以 h_n 有 num_layers 个条目，"
    "只有最后一个也出现在 output 中。",
    "diag.unrolled.title": "按时间展开的网络：{L} 个时间步 × {layers} 层，样本 {b}",
    "diag.unrolled.box": "每个方框是某一时间步的 {cell} 单元，其中的色条是 h_t。",
    "diag.unrolled.box_lstm": "每个方框是某一时间步的 {cell} 单元：上条是 h_t，下条是 c_t。<br>"
    "c_t 只沿本行传递（c0 进入，c_n 离开）；h_t 还会向上传。",
    "diag.unrolled.lanes": "上条 h_t，下条 c_t",
    "diag.unrolled.hover_c": "第 {layer} 层，{where}，t = {t}<br>c_t 单元 {j} = {v:.4f}",
    "diag.unrolled.legend_bi": "{box}<br>底色带 = 所有时间步共用同一组 "
    "weight_ih / weight_hh。<br>正向从左到右，反向从右到左；第 l+1 层读取 [h_t→ ; h_t←]。",
    "diag.unrolled.legend_uni": "{box}<br>底色带 = 所有时间步共用同一组 "
    "weight_ih / weight_hh。<br>只有一个方向：从左到右；第 l+1 层读取第 l 层的 h_t。",
    "diag.unrolled.row_x": "输入 x_t",
    "diag.unrolled.row_cell": "第 {layer} 层",
    "diag.unrolled.row_concat": "拼接 → 第 {l1} 层",
    "diag.unrolled.row_output": "拼接 = output",
    "diag.unrolled.time_major": "（{cell} 内部按时间步优先）",
    "diag.unrolled.hover_x": "x_{t}（{n} 个特征）<br>{values}",
    "diag.unrolled.hover_cell": "第 {layer} 层，{where}，t = {t}<br>h_t 单元 {j} = {v:.4f}",
    "diag.unrolled.hover_concat": "第 {layer} 层的 [h_t→ ; h_t←]，t = {t}<br>特征 {j} = {v:.4f}（来自{where}）",
    "diag.concat.title": "output 与 h_n 是怎样形成的（第 {layer} 层，样本 {b}，t = {t}）",
    "diag.concat.title_uni": "单向：output 与 h_n（第 {layer} 层，样本 {b}，t = {t}）",
    "diag.concat.strip_fwd": "h_t→  第 {layer} 层正向<br>按 t = 0 → {last} 计算",
    "diag.concat.strip_rev": "h_t←  第 {layer} 层反向<br>按 t = {last} → 0 计算",
    "diag.concat.half_0": "[:{Hs}] = h_t→（特征 0..{H1}）",
    "diag.concat.half_1": "[{Hs}:] = h_t←（特征 {H}..{DH1}）",
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
    "diag.concat.c_n_title": "还有 c_n：[num_layers·D, N, H] = [{K}, {N}, {H}]，样本 {b}",
    "diag.concat.c_n_note": "nn.LSTM 在 output 之外还返回 (h_n, c_n)：<br>c_n[k] 是方向 k 结束时的 c_t。<br>"
    "c_n 不属于 output：output 每步有 {DH} 个特征<br>（{D} × {Hs} = {D} × {out}），全部是 h_t。",
    "diag.concat.hover_cn": "c_n[{k}]，单元 {j} = {v:.4f}",
    "diag.concat.h_n_title": "完整的 h_n：[num_layers·D, N, {Hs}] = [{K}, {N}, {H}]，样本 {b}",
    "diag.concat.next_layer": "第 {l1} 层读取这个拼接：<br>输入 {shape} = {dims}（{cell} 内部按时间步优先），<br>"
    "所以 weight_ih_l{l1} 是 {w} = {sym}。",
    "diag.concat.next_layer_uni": "第 {l1} 层读取这些状态：<br>输入 {shape} = {dims}（{cell} 内部按时间步优先），<br>"
    "所以 weight_ih_l{l1} 是 {w} = {sym}。",
    "diag.concat.prev_layer": "这就是 rnn(x) 返回的 output：{shape} = {dims}。<br>"
    "第 {l} 层本身读取第 {l0} 层的拼接，<br>所以 weight_ih_l{l} 是 {w} = {sym}。",
    "diag.concat.prev_layer_uni": "这就是 rnn(x) 返回的 output：{shape} = {dims}。<br>"
    "第 {l} 层读取第 {l0} 层的状态，<br>所以 weight_ih_l{l} 是 {w} = {sym}。",
    "diag.concat.would_be": "这就是 rnn(x) 返回的 output：{shape} = {dims}。<br>"
    "若再叠一层（num_layers=2），它会读取这个拼接，<br>所以 weight_ih_l1 将是 {w} = {sym}。",
    "diag.concat.would_be_uni": "这就是 rnn(x) 返回的 output：{shape} = {dims}。<br>"
    "若再叠一层（num_layers=2），它会读取这些状态，<br>所以 weight_ih_l1 将是 {w} = {sym}。",
}
