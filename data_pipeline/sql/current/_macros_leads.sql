-- Who leads a task: one agency, or a group given the work together. Marts count a group's tasks on
-- a line of their own ("Nhiều cơ quan") so that no single agency's figures carry them; Python reads
-- the same rule through data_pipeline.leads.

-- A lead that names no single agency: a plural or a role ("Các sở, ngành, địa phương", "UBND các
-- xã, phường", "Từng sở, ngành", "Thủ trưởng các sở, ban, ngành", "các chủ đầu tư", "Chủ tịch UBND
-- xã, phường", "UBND cấp huyện", "cơ quan soạn thảo"), or several agencies ("Sở Tài chính; Thống kê
-- tỉnh", "Văn phòng UBND tỉnh và Sở Tài chính", "Sở Tài chính, Thuế tỉnh"). One agency with helpers
-- ("Sở Tài chính và các cơ quan liên quan") is that agency. Names holding a comma or "và" ("Sở Văn
-- hóa, Thể thao và Du lịch", "Ban Quản lý Khu kinh tế Dung Quất và các Khu công nghiệp Quảng Ngãi")
-- are one agency: another agency's name begins with a capitalised head (Sở, Ban, UBND ...), a word
-- inside a name does not. NULL is no group (the scoreboard's "(chưa ghi cơ quan)").
create or replace macro lead_named_part(lead) as
    -- the lead without a tail of helpers: "Sở X và các cơ quan, đơn vị liên quan" → "Sở X"
    regexp_replace(trim(lead),
        '^((Sở|Ban|UBND|Ủy ban|Uỷ ban|Văn phòng|Công an|Bộ Chỉ huy|Thuế|Chi cục|Kho bạc|Thống kê|Thanh tra|'
        || 'Bảo hiểm|Ngân hàng|Tỉnh đoàn|Đài|Báo|Cục|Trung tâm|Liên minh|Hội|Quỹ|Viện|Trường)\s.*?)'
        || '\s*(,|\s+và)\s+các\s+(cơ quan|đơn vị|sở|ngành|địa phương|lực lượng)[^;]*\sliên quan\s*\.?$', '\1');

-- One regular expression, so that the lead's text is gone through once: the plurals and roles
-- case-insensitively, the heads of further agencies' names as they are written.
create or replace macro lead_is_group(lead) as coalesce(regexp_matches(lead_named_part(lead),
    '(?i:(^|[\s,;(])(các|mỗi|từng|những|nhiều|tất cả|toàn bộ)\s+(đồng chí|thành viên|ủy viên|uỷ viên|sở|ban|ngành|'
    || 'cơ quan|đơn vị|địa phương|xã|phường|thị trấn|huyện|thị xã|thành phố|tỉnh|bộ|chủ đầu tư|nhà đầu tư|'
    || 'lực lượng|tổ chức|doanh nghiệp|hội|đoàn thể|trường|cấp|phòng|chi cục|cục|ubnd|ủy ban|uỷ ban|'
    || 'trung tâm|hợp tác xã|cơ sở)($|[\s,;:.)])'
    || '|(^|[\s,;(])(thủ trưởng|người đứng đầu|chủ đầu tư|nhà đầu tư|lực lượng chức năng|địa phương|liên quan)'
    || '($|[\s,;:.)])'
    || '|^(cơ quan|đơn vị)\s+(soạn thảo|chủ trì|được giao|chức năng|chuyên môn|tham mưu)($|[\s,;:.)])'
    || '|(^|\s)cấp\s+(xã|huyện|tỉnh|cơ sở)($|[\s,;:.)])'
    || '|(^|\s)(xã|phường|thị trấn|huyện|sở|ban|ngành)\s*[,/]\s*(xã|phường|thị trấn|huyện|thị xã|thành phố|ban|'
    || 'ngành|địa phương)($|[\s,;:.)]))'
    || '|;|(,|\s+và)\s+(Sở|Ban|UBND|Ủy ban|Uỷ ban|Văn phòng|Công an|Bộ Chỉ huy|Thuế|Chi cục|Kho bạc|Thống kê|'
    || 'Thanh tra|Bảo hiểm|Ngân hàng|Tỉnh đoàn|Đài|Báo|Cục|Trung tâm|Liên minh|Hội|Quỹ|Viện|Trường)(\s|$)'),
    false);

-- The scoreboard line a task is counted on: its lead agency, 'Nhiều cơ quan' for a group.
create or replace macro lead_line(lead) as
    case when lead_is_group(lead) then 'Nhiều cơ quan' else coalesce(lead, '(chưa ghi cơ quan)') end;
