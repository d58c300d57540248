import Radiology
extension Phrasebook {
    static let chinese = Phrasebook(
        "zho_Hans", sides: ["右侧", "左侧", "双侧"], severities: ["轻度", "中度", "重度"], amounts: ["少量", "中等量", "大量"],
        extents: ["少许 | 轻度", "中度", "广泛"],
        places: Places(bases: ["右肺底 | 右肺下叶", "左肺底 | 左肺下叶", "双肺底"],
                       lobes: [.rightUpper: "右肺上叶", .rightMiddle: "右肺中叶", .rightLower: "右肺下叶",
                               .leftUpper: "左肺上叶", .leftLower: "左肺下叶"]),
        normal: ["双肺膨胀良好，肺野清晰。", "肺纹理走行正常。"],
        impressionNormal: ["心肺未见急性异常。", "胸部X线片未见异常。"],
        [
            .enlargedCardiomediastinum: ("纵隔{severity}增宽。", "纵隔可能增宽，可能与投照技术有关。", "心影及纵隔形态大小正常。"),
            .cardiomegaly: ("{severity}心脏增大。 | 心影{severity}增大。 | 心影{severity}扩大。 | {severity}心脏扩大。", "心影可能轻度增大。", "心脏大小正常。"),
            .lungLesion: ("{side}肺内见直径约{mm}毫米结节。", "{side}肺可疑小结节。", "双肺未见结节或肿块。"),
            .lungOpacity: ("{side}肺见边界不清的片状密度增高影。", "{side}肺可疑淡薄密度增高影。", "双肺未见局灶性密度增高影。"),
            .edema: ("{severity}肺水肿，肺门周围模糊，可见间隔线。 | 双肺{severity}间质性肺水肿。 | {severity}肺门周围水肿，累及双肺，以双下肺为主。", "可能为早期间质性肺水肿。", "未见肺水肿。"),
            .consolidation: ("{side}肺见致密实变影，其内可见空气支气管征。 | {lobe}见斑片状实变。 | {lobe}大叶性实变。 | {lobe}见{extent}气腔实变。", "{side}肺不除外早期实变。", "未见实变。"),
            .pneumonia: ("{side}肺见多发斑片状影，符合肺炎表现。", "{side}肺斑片影，可能为早期肺炎。", "未见肺炎征象。"),
            .atelectasis: ("{side}肺底见盘状肺不张，伴膈肌抬高。 | {base}见{extent}线状肺不张。 | {base}亚段性肺不张。 | {base}盘状肺不张。", "{side}肺底可能为亚段性肺不张。", "未见肺不张。"),
            .pneumothorax: ("{side}{amount}气胸，可见脏层胸膜线。", "{side}肺尖不除外少量气胸。", "未见气胸。"),
            .pleuralEffusion: ("{side}{amount}胸腔积液。 | {side}{amount}游离性胸腔积液。", "{side}肋膈角变钝，可能为少量胸腔积液。", "未见胸腔积液。 | 双侧肋膈角锐利，未见胸腔积液。"),
            .pleuralOther: ("{side}胸膜增厚。", "{side}胸膜可疑增厚。", "未见胸膜增厚。"),
            .fracture: ("{side}肋骨骨折。", "{side}可疑无移位肋骨骨折。", "未见骨折。"),
            .supportDevices: ("支持装置（导管、插管或起搏器）位置良好。", "可疑导管部分显影。", "未见导管或插管。"),
        ])

    static let japanese = Phrasebook(
        "jpn_Jpan", sides: ["右", "左", "両側"], severities: ["軽度", "中等度", "高度"], amounts: ["少量", "中等量", "大量"],
        normal: ["両肺は良好に拡張し、透過性は正常。", "肺血管影は正常。"],
        impressionNormal: ["急性の心肺異常所見なし。", "胸部単純X線写真に異常なし。"],
        [
            .enlargedCardiomediastinum: ("縦隔の{severity}拡大を認める。", "縦隔拡大の可能性があるが、撮影条件による可能性もある。", "心縦隔陰影は正常範囲内。"),
            .cardiomegaly: ("{severity}の心拡大を認める。", "軽度心拡大の可能性あり。", "心拡大なし。"),
            .lungLesion: ("{side}肺に{mm}mm大の結節を認める。", "{side}肺に小結節の疑い。", "肺結節や腫瘤は認めない。"),
            .lungOpacity: ("{side}肺に境界不明瞭な浸潤影を認める。", "{side}肺に淡い陰影の可能性あり。", "局所的な浸潤影は認めない。"),
            .edema: ("{severity}の肺水腫を認め、肺門周囲のすりガラス影とKerley B線を伴う。", "初期の間質性肺水腫の可能性あり。", "肺水腫は認めない。"),
            .consolidation: ("{side}肺に気管支透亮像を伴う濃厚なコンソリデーションを認める。", "{side}肺の初期コンソリデーションは否定できない。", "コンソリデーションは認めない。"),
            .pneumonia: ("{side}肺に多発する斑状影を認め、肺炎に矛盾しない。", "{side}肺の陰影は初期の肺炎の可能性がある。", "肺炎を示唆する所見なし。"),
            .atelectasis: ("{side}下肺野に板状無気肺を認め、横隔膜挙上を伴う。", "{side}下肺野に亜区域性無気肺の疑い。", "無気肺は認めない。"),
            .pneumothorax: ("{side}に{amount}の気胸を認め、臓側胸膜線が見える。", "{side}肺尖部の少量気胸は否定できない。", "気胸は認めない。"),
            .pleuralEffusion: ("{side}に{amount}の胸水を認める。", "{side}肋骨横隔膜角の鈍化あり、少量胸水の可能性。", "胸水は認めない。"),
            .pleuralOther: ("{side}胸膜肥厚を認める。", "{side}胸膜肥厚の疑い。", "胸膜肥厚は認めない。"),
            .fracture: ("{side}肋骨骨折を認める。", "{side}転位のない肋骨骨折の疑い。", "骨折は認めない。"),
            .supportDevices: ("医療デバイス（カテーテル、チューブまたはペースメーカー）が適切な位置にある。", "カテーテルが部分的に描出されている可能性あり。", "カテーテルやチューブは認めない。"),
        ])

    static let korean = Phrasebook(
        "kor_Hang", sides: ["우측", "좌측", "양측"], severities: ["경도의", "중등도의", "고도의"], amounts: ["소량의", "중등량의", "다량의"],
        normal: ["양측 폐는 잘 팽창되어 있고 깨끗함.", "폐혈관 음영은 정상임."],
        impressionNormal: ["급성 심폐 이상 소견 없음.", "정상 흉부 방사선 사진."],
        [
            .enlargedCardiomediastinum: ("{severity} 종격동 확장.", "종격동 확장 가능성이 있으나 촬영 기법에 의한 것일 수 있음.", "심종격동 음영은 정상 범위임."),
            .cardiomegaly: ("{severity} 심비대.", "경도의 심비대 가능성.", "심장 크기는 정상임."),
            .lungLesion: ("{side} 폐에 {mm} mm 크기의 결절이 보임.", "{side} 폐에 작은 결절 의심.", "폐 결절이나 종괴는 보이지 않음."),
            .lungOpacity: ("{side} 폐에 경계가 불분명한 음영이 보임.", "{side} 폐에 희미한 음영 가능성.", "국소 음영은 보이지 않음."),
            .edema: ("폐문 주위 음영 증가와 Kerley B 선을 동반한 {severity} 폐부종.", "초기 간질성 폐부종 가능성.", "폐부종은 없음."),
            .consolidation: ("{side} 폐에 공기 기관지 조영상을 동반한 치밀한 경화.", "{side} 폐의 초기 경화를 배제할 수 없음.", "경화는 없음."),
            .pneumonia: ("{side} 폐에 다발성 반점상 음영이 있으며 폐렴에 합당함.", "{side} 폐의 음영은 초기 폐렴일 가능성이 있음.", "폐렴 소견은 없음."),
            .atelectasis: ("{side} 폐하부에 판상 무기폐와 횡격막 거상이 보임.", "{side} 폐하부에 아분절성 무기폐 가능성.", "무기폐는 없음."),
            .pneumothorax: ("{side}에 {amount} 기흉이 있으며 장측 흉막선이 보임.", "{side} 폐첨부의 소량 기흉을 배제할 수 없음.", "기흉은 없음."),
            .pleuralEffusion: ("{side}에 {amount} 흉수.", "{side} 늑골횡격막각 둔화, 소량 흉수 가능성.", "흉수는 없음."),
            .pleuralOther: ("{side} 흉막 비후.", "{side} 흉막 비후 의심.", "흉막 비후는 없음."),
            .fracture: ("{side} 늑골 골절.", "{side} 전위 없는 늑골 골절 의심.", "골절은 없음."),
            .supportDevices: ("의료 기구(카테터, 튜브 또는 심박조율기)가 적절한 위치에 있음.", "카테터가 부분적으로 보일 가능성.", "카테터나 튜브는 없음."),
        ])
}
