<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="ko_KR">
<context>
    <name>eslab::ChartView</name>
    <message>
        <location filename="../chartview.cpp" line="67"/>
        <source>Save as PNG...</source>
        <translation>PNG로 저장...</translation>
    </message>
    <message>
        <location filename="../chartview.cpp" line="71"/>
        <location filename="../chartview.cpp" line="73"/>
        <source>Save chart</source>
        <translation>차트 저장</translation>
    </message>
    <message>
        <location filename="../chartview.cpp" line="71"/>
        <source>PNG images (*.png)</source>
        <translation>PNG 이미지 (*.png)</translation>
    </message>
    <message>
        <location filename="../chartview.cpp" line="73"/>
        <source>Cannot write %1.</source>
        <translation>%1 파일에 쓸 수 없습니다.</translation>
    </message>
</context>
<context>
    <name>eslab::DashboardTab</name>
    <message>
        <location filename="../dashboardtab.cpp" line="51"/>
        <source>placed</source>
        <translation>접수됨</translation>
    </message>
    <message>
        <location filename="../dashboardtab.cpp" line="52"/>
        <source>paid</source>
        <translation>결제됨</translation>
    </message>
    <message>
        <location filename="../dashboardtab.cpp" line="53"/>
        <source>in progress</source>
        <translation>진행 중</translation>
    </message>
    <message>
        <location filename="../dashboardtab.cpp" line="54"/>
        <source>completed</source>
        <translation>완료</translation>
    </message>
    <message>
        <location filename="../dashboardtab.cpp" line="55"/>
        <source>rejected</source>
        <translation>거부됨</translation>
    </message>
    <message>
        <location filename="../dashboardtab.cpp" line="56"/>
        <source>failed</source>
        <translation>실패</translation>
    </message>
    <message>
        <location filename="../dashboardtab.cpp" line="57"/>
        <source>cancelled</source>
        <translation>취소됨</translation>
    </message>
    <message>
        <location filename="../dashboardtab.cpp" line="67"/>
        <source>Payment failures</source>
        <translation>결제 실패</translation>
    </message>
    <message>
        <location filename="../dashboardtab.cpp" line="68"/>
        <source>Batch failures</source>
        <translation>배치 실패</translation>
    </message>
    <message>
        <location filename="../dashboardtab.cpp" line="69"/>
        <source>Batch retries</source>
        <translation>배치 재시도</translation>
    </message>
    <message>
        <location filename="../dashboardtab.cpp" line="70"/>
        <source>Orders failed</source>
        <translation>주문 실패</translation>
    </message>
    <message>
        <location filename="../dashboardtab.cpp" line="71"/>
        <source>Orders cancelled</source>
        <translation>주문 취소</translation>
    </message>
    <message>
        <location filename="../dashboardtab.cpp" line="72"/>
        <source>Worker crashes</source>
        <translation>워커 크래시</translation>
    </message>
    <message>
        <location filename="../dashboardtab.cpp" line="73"/>
        <source>Concurrent writes</source>
        <translation>동시 쓰기</translation>
    </message>
    <message>
        <location filename="../dashboardtab.cpp" line="74"/>
        <source>Concurrency conflicts</source>
        <translation>동시성 충돌</translation>
    </message>
    <message>
        <location filename="../dashboardtab.cpp" line="75"/>
        <source>Commands rejected</source>
        <translation>커맨드 거부</translation>
    </message>
    <message>
        <location filename="../dashboardtab.cpp" line="76"/>
        <source>Duplicate deliveries</source>
        <translation>중복 전달</translation>
    </message>
    <message>
        <location filename="../dashboardtab.cpp" line="77"/>
        <source>Projector crashes</source>
        <translation>프로젝터 크래시</translation>
    </message>
    <message>
        <location filename="../dashboardtab.cpp" line="78"/>
        <source>Poison events</source>
        <translation>포이즌 이벤트</translation>
    </message>
    <message>
        <location filename="../dashboardtab.cpp" line="79"/>
        <source>Events parked</source>
        <translation>보류된 이벤트</translation>
    </message>
    <message>
        <location filename="../dashboardtab.cpp" line="80"/>
        <source>Legacy events written</source>
        <translation>레거시 이벤트 기록</translation>
    </message>
    <message>
        <location filename="../dashboardtab.cpp" line="179"/>
        <source>No run yet. Start one, or open a store, to see its figures.</source>
        <translation>아직 실행이 없습니다. 실행을 시작하거나 저장소를 열면 수치가 표시됩니다.</translation>
    </message>
    <message>
        <location filename="../dashboardtab.cpp" line="182"/>
        <source>Throughput</source>
        <translation>처리량</translation>
    </message>
    <message>
        <location filename="../dashboardtab.cpp" line="184"/>
        <source>events per wall-clock second</source>
        <translation>실제 시간 초당 이벤트</translation>
    </message>
    <message>
        <location filename="../dashboardtab.cpp" line="187"/>
        <source>events per simulated second</source>
        <translation>시뮬레이션 초당 이벤트</translation>
    </message>
    <message>
        <location filename="../dashboardtab.cpp" line="194"/>
        <source>per wall s</source>
        <translation>실제 초당</translation>
    </message>
    <message>
        <location filename="../dashboardtab.cpp" line="195"/>
        <source>per simulated s</source>
        <translation>시뮬레이션 초당</translation>
    </message>
    <message>
        <location filename="../dashboardtab.cpp" line="217"/>
        <source>Orders by status</source>
        <translation>상태별 주문</translation>
    </message>
    <message>
        <location filename="../dashboardtab.cpp" line="222"/>
        <source>orders</source>
        <translation>주문</translation>
    </message>
    <message>
        <location filename="../dashboardtab.cpp" line="248"/>
        <source>Failures by kind</source>
        <translation>종류별 장애</translation>
    </message>
    <message>
        <location filename="../dashboardtab.cpp" line="251"/>
        <source>count</source>
        <translation>횟수</translation>
    </message>
    <message>
        <location filename="../dashboardtab.cpp" line="410"/>
        <location filename="../dashboardtab.cpp" line="454"/>
        <location filename="../dashboardtab.cpp" line="457"/>
        <source>simulated time (s)</source>
        <translation>시뮬레이션 시간 (초)</translation>
    </message>
    <message>
        <location filename="../dashboardtab.cpp" line="413"/>
        <source>simulated time (min)</source>
        <translation>시뮬레이션 시간 (분)</translation>
    </message>
    <message>
        <location filename="../dashboardtab.cpp" line="416"/>
        <source>simulated time (h)</source>
        <translation>시뮬레이션 시간 (시간)</translation>
    </message>
    <message>
        <location filename="../dashboardtab.cpp" line="422"/>
        <source>Orders by status (this run)</source>
        <translation>상태별 주문 (이번 실행)</translation>
    </message>
    <message>
        <location filename="../dashboardtab.cpp" line="423"/>
        <source>Throughput (this run)</source>
        <translation>처리량 (이번 실행)</translation>
    </message>
    <message>
        <location filename="../dashboardtab.cpp" line="424"/>
        <source>Failures by kind (this run)</source>
        <translation>종류별 장애 (이번 실행)</translation>
    </message>
    <message>
        <location filename="../dashboardtab.cpp" line="434"/>
        <source>&lt;b&gt;Run&lt;/b&gt; %1 &amp;nbsp;·&amp;nbsp; &lt;b&gt;%2&lt;/b&gt; events this run, head %3 &amp;nbsp;·&amp;nbsp; %4 of %5 orders finished &amp;nbsp;·&amp;nbsp; simulated %6 &amp;nbsp;·&amp;nbsp; %7 events per wall-clock second on average</source>
        <translation>&lt;b&gt;실행&lt;/b&gt; %1 &amp;nbsp;·&amp;nbsp; 이번 실행 이벤트 &lt;b&gt;%2&lt;/b&gt;개, 헤드 %3 &amp;nbsp;·&amp;nbsp; 주문 %5개 중 %4개 완료 &amp;nbsp;·&amp;nbsp; 시뮬레이션 %6 &amp;nbsp;·&amp;nbsp; 평균 실제 초당 이벤트 %7개</translation>
    </message>
    <message>
        <location filename="../dashboardtab.cpp" line="553"/>
        <source>Cannot read the store: %1</source>
        <translation>저장소를 읽을 수 없습니다: %1</translation>
    </message>
    <message>
        <location filename="../dashboardtab.cpp" line="568"/>
        <source>&lt;b&gt;Store&lt;/b&gt; &amp;nbsp;&lt;b&gt;%1&lt;/b&gt; events, &lt;b&gt;%2&lt;/b&gt; orders:</source>
        <translation>&lt;b&gt;저장소&lt;/b&gt; &amp;nbsp;이벤트 &lt;b&gt;%1&lt;/b&gt;개, 주문 &lt;b&gt;%2&lt;/b&gt;개:</translation>
    </message>
    <message>
        <location filename="../dashboardtab.cpp" line="576"/>
        <source>&lt;b&gt;Last run&lt;/b&gt; %1: %2 events in %3 simulated, %4 events per wall-clock second on average</source>
        <translation>&lt;b&gt;마지막 실행&lt;/b&gt; %1: 시뮬레이션 %3 동안 이벤트 %2개, 평균 실제 초당 이벤트 %4개</translation>
    </message>
    <message>
        <location filename="../dashboardtab.cpp" line="587"/>
        <source>Orders by status over the store&apos;s history</source>
        <translation>저장소 전체 기간의 상태별 주문</translation>
    </message>
    <message>
        <location filename="../dashboardtab.cpp" line="588"/>
        <source>Throughput (shown while a run is live)</source>
        <translation>처리량 (실행 중에만 표시)</translation>
    </message>
    <message>
        <location filename="../dashboardtab.cpp" line="589"/>
        <source>Failures recorded in the store</source>
        <translation>저장소에 기록된 장애</translation>
    </message>
    <message>
        <location filename="../dashboardtab.cpp" line="606"/>
        <source>event position</source>
        <translation>이벤트 위치</translation>
    </message>
</context>
<context>
    <name>eslab::EventStreamModel</name>
    <message>
        <location filename="../eventstreammodel.cpp" line="125"/>
        <source>Stored in an older schema; upcast on read</source>
        <translation>이전 스키마로 저장됨. 읽을 때 업캐스트</translation>
    </message>
    <message>
        <location filename="../eventstreammodel.cpp" line="156"/>
        <source>Position</source>
        <translation>위치</translation>
    </message>
    <message>
        <location filename="../eventstreammodel.cpp" line="158"/>
        <source>Stream</source>
        <translation>스트림</translation>
    </message>
    <message>
        <location filename="../eventstreammodel.cpp" line="160"/>
        <source>Version</source>
        <translation>버전</translation>
    </message>
    <message>
        <location filename="../eventstreammodel.cpp" line="162"/>
        <source>Type</source>
        <translation>타입</translation>
    </message>
    <message>
        <location filename="../eventstreammodel.cpp" line="164"/>
        <source>Schema</source>
        <translation>스키마</translation>
    </message>
    <message>
        <location filename="../eventstreammodel.cpp" line="166"/>
        <source>Recorded at</source>
        <translation>기록 시각</translation>
    </message>
    <message>
        <location filename="../eventstreammodel.cpp" line="168"/>
        <source>Event ID</source>
        <translation>이벤트 ID</translation>
    </message>
    <message>
        <location filename="../eventstreammodel.cpp" line="174"/>
        <source>global_position: gap-free, in commit order</source>
        <translation>global_position: 빈틈 없이 커밋 순서대로</translation>
    </message>
    <message>
        <location filename="../eventstreammodel.cpp" line="176"/>
        <source>stream_version: 1, 2, 3 ... within the stream</source>
        <translation>stream_version: 스트림 안에서 1, 2, 3 ...</translation>
    </message>
    <message>
        <location filename="../eventstreammodel.cpp" line="178"/>
        <source>schema_version of the stored payload</source>
        <translation>저장된 페이로드의 schema_version</translation>
    </message>
    <message>
        <location filename="../eventstreammodel.cpp" line="180"/>
        <source>recorded_at: the simulated clock since the run started</source>
        <translation>recorded_at: 실행 시작부터 흐른 시뮬레이션 시계</translation>
    </message>
    <message>
        <location filename="../eventstreammodel.cpp" line="182"/>
        <source>event_id: the idempotent append key</source>
        <translation>event_id: 멱등 추가(append) 키</translation>
    </message>
</context>
<context>
    <name>eslab::EventStreamTab</name>
    <message>
        <location filename="../eventstreamtab.cpp" line="71"/>
        <source>%1 ms</source>
        <translation>%1 ms</translation>
    </message>
    <message>
        <location filename="../eventstreamtab.cpp" line="73"/>
        <source>%1 s</source>
        <translation>%1초</translation>
    </message>
    <message>
        <location filename="../eventstreamtab.cpp" line="75"/>
        <source>%1 min</source>
        <translation>%1분</translation>
    </message>
    <message>
        <location filename="../eventstreamtab.cpp" line="76"/>
        <source>%1 h</source>
        <translation>%1시간</translation>
    </message>
    <message>
        <location filename="../eventstreamtab.cpp" line="316"/>
        <source>Cannot read the store: %1</source>
        <translation>저장소를 읽을 수 없습니다: %1</translation>
    </message>
    <message>
        <location filename="../eventstreamtab.cpp" line="345"/>
        <source>order-000042 or 42</source>
        <translation>order-000042 또는 42</translation>
    </message>
    <message>
        <location filename="../eventstreamtab.cpp" line="347"/>
        <source>Show one stream; a number means that order</source>
        <translation>스트림 하나만 표시합니다. 숫자는 그 번호의 주문입니다</translation>
    </message>
    <message>
        <location filename="../eventstreamtab.cpp" line="356"/>
        <source>All types</source>
        <translation>모든 타입</translation>
    </message>
    <message>
        <location filename="../eventstreamtab.cpp" line="363"/>
        <source>hh:mm:ss</source>
        <translation>hh:mm:ss</translation>
    </message>
    <message>
        <location filename="../eventstreamtab.cpp" line="371"/>
        <source>Events recorded at or after this simulated time (hh:mm:ss.mmm)</source>
        <translation>이 시뮬레이션 시각 또는 그 이후에 기록된 이벤트 (hh:mm:ss.mmm)</translation>
    </message>
    <message>
        <location filename="../eventstreamtab.cpp" line="373"/>
        <source>Events recorded at or before this simulated time (hh:mm:ss.mmm)</source>
        <translation>이 시뮬레이션 시각 또는 그 이전에 기록된 이벤트 (hh:mm:ss.mmm)</translation>
    </message>
    <message>
        <location filename="../eventstreamtab.cpp" line="375"/>
        <source>Clear</source>
        <translation>지우기</translation>
    </message>
    <message>
        <location filename="../eventstreamtab.cpp" line="377"/>
        <source>Show every event</source>
        <translation>모든 이벤트 표시</translation>
    </message>
    <message>
        <location filename="../eventstreamtab.cpp" line="384"/>
        <source>Follow</source>
        <translation>따라가기</translation>
    </message>
    <message>
        <location filename="../eventstreamtab.cpp" line="387"/>
        <source>Scroll to the newest event as a run appends them; uncheck to pause the tail</source>
        <translation>실행이 이벤트를 추가하는 대로 최신 이벤트로 스크롤합니다. 체크를 해제하면 테일을 일시 정지합니다</translation>
    </message>
    <message>
        <location filename="../eventstreamtab.cpp" line="411"/>
        <source>&amp;Stream:</source>
        <translation>스트림(&amp;S):</translation>
    </message>
    <message>
        <location filename="../eventstreamtab.cpp" line="414"/>
        <source>T&amp;ype:</source>
        <translation>타입(&amp;Y):</translation>
    </message>
    <message>
        <location filename="../eventstreamtab.cpp" line="417"/>
        <source>&amp;From:</source>
        <translation>시작(&amp;F):</translation>
    </message>
    <message>
        <location filename="../eventstreamtab.cpp" line="419"/>
        <source>&amp;To:</source>
        <translation>끝(&amp;T):</translation>
    </message>
    <message>
        <location filename="../eventstreamtab.cpp" line="471"/>
        <source>Read as (upcast)</source>
        <translation>읽은 값 (업캐스트)</translation>
    </message>
    <message>
        <location filename="../eventstreamtab.cpp" line="480"/>
        <source>Payload</source>
        <translation>페이로드</translation>
    </message>
    <message>
        <location filename="../eventstreamtab.cpp" line="484"/>
        <source>Metadata</source>
        <translation>메타데이터</translation>
    </message>
    <message>
        <location filename="../eventstreamtab.cpp" line="507"/>
        <location filename="../eventstreamtab.cpp" line="522"/>
        <source>Events</source>
        <translation>이벤트</translation>
    </message>
    <message>
        <location filename="../eventstreamtab.cpp" line="509"/>
        <source>Snapshots taken</source>
        <translation>생성된 스냅샷</translation>
    </message>
    <message>
        <location filename="../eventstreamtab.cpp" line="518"/>
        <source>Simulated time</source>
        <translation>시뮬레이션 시간</translation>
    </message>
    <message>
        <location filename="../eventstreamtab.cpp" line="525"/>
        <source>Snapshots</source>
        <translation>스냅샷</translation>
    </message>
    <message>
        <location filename="../eventstreamtab.cpp" line="539"/>
        <location filename="../eventstreamtab.cpp" line="855"/>
        <source>No events yet</source>
        <translation>아직 이벤트 없음</translation>
    </message>
    <message>
        <location filename="../eventstreamtab.cpp" line="702"/>
        <location filename="../eventstreamtab.cpp" line="747"/>
        <source>Counting matching events...</source>
        <translation>일치하는 이벤트를 세는 중...</translation>
    </message>
    <message>
        <location filename="../eventstreamtab.cpp" line="704"/>
        <source>%1 events</source>
        <translation>이벤트 %1개</translation>
    </message>
    <message>
        <location filename="../eventstreamtab.cpp" line="707"/>
        <source>%1 of %2 events match</source>
        <translation>이벤트 %2개 중 %1개 일치</translation>
    </message>
    <message>
        <location filename="../eventstreamtab.cpp" line="749"/>
        <source>Select an event to see its payload and metadata.</source>
        <translation>이벤트를 선택하면 페이로드와 메타데이터가 표시됩니다.</translation>
    </message>
    <message>
        <location filename="../eventstreamtab.cpp" line="751"/>
        <source>No events yet.
Run a scenario to fill the store.</source>
        <translation>아직 이벤트가 없습니다.
시나리오를 실행해 저장소를 채우세요.</translation>
    </message>
    <message>
        <location filename="../eventstreamtab.cpp" line="753"/>
        <source>No event matches the filter.</source>
        <translation>필터와 일치하는 이벤트가 없습니다.</translation>
    </message>
    <message>
        <location filename="../eventstreamtab.cpp" line="764"/>
        <source>Loading the event...</source>
        <translation>이벤트를 불러오는 중...</translation>
    </message>
    <message>
        <location filename="../eventstreamtab.cpp" line="769"/>
        <source>&lt;b&gt;%1&lt;/b&gt; &amp;nbsp; at position %2&lt;br&gt;%3, version %4 &amp;middot; recorded at %5</source>
        <translation>&lt;b&gt;%1&lt;/b&gt; &amp;nbsp; 위치 %2&lt;br&gt;%3, 버전 %4 &amp;middot; 기록 시각 %5</translation>
    </message>
    <message>
        <location filename="../eventstreamtab.cpp" line="783"/>
        <source>Stored in schema version %1, upcast on read: its single &quot;count&quot; is read as &quot;requested&quot; and &quot;delivered&quot;. The stored JSON stays as it was written.</source>
        <translation>스키마 버전 %1(으)로 저장됨, 읽을 때 업캐스트: 하나뿐인 &quot;count&quot;를 &quot;requested&quot;와 &quot;delivered&quot;로 읽습니다. 저장된 JSON은 기록된 그대로 유지됩니다.</translation>
    </message>
    <message>
        <location filename="../eventstreamtab.cpp" line="908"/>
        <source>Events and snapshots per %1 of simulated time (%2 events, %3 snapshots)</source>
        <translation>시뮬레이션 시간 %1당 이벤트와 스냅샷 (이벤트 %2개, 스냅샷 %3개)</translation>
    </message>
    <message>
        <location filename="../eventstreamtab.cpp" line="911"/>
        <source>Events and snapshots per %1 of simulated time, latest run %2 (%3 events, %4 snapshots)</source>
        <translation>시뮬레이션 시간 %1당 이벤트와 스냅샷, 최근 실행 %2 (이벤트 %3개, 스냅샷 %4개)</translation>
    </message>
    <message>
        <location filename="../eventstreamtab.cpp" line="849"/>
        <source>Cannot read the timeline: %1</source>
        <translation>타임라인을 읽을 수 없습니다: %1</translation>
    </message>
    <message>
        <location filename="../eventstreamtab.cpp" line="861"/>
        <source>Simulated time (s)</source>
        <translation>시뮬레이션 시간 (초)</translation>
    </message>
    <message>
        <location filename="../eventstreamtab.cpp" line="864"/>
        <source>Simulated time (h)</source>
        <translation>시뮬레이션 시간 (시간)</translation>
    </message>
    <message>
        <location filename="../eventstreamtab.cpp" line="867"/>
        <source>Simulated time (min)</source>
        <translation>시뮬레이션 시간 (분)</translation>
    </message>
</context>
<context>
    <name>eslab::InspectorTab</name>
    <message>
        <location filename="../inspectortab.cpp" line="135"/>
        <source>Search orders, e.g. 42</source>
        <translation>주문 검색 (예: 42)</translation>
    </message>
    <message>
        <location filename="../inspectortab.cpp" line="139"/>
        <source>Every status</source>
        <translation>모든 상태</translation>
    </message>
    <message>
        <location filename="../inspectortab.cpp" line="142"/>
        <source>The status as the order_summary read model has it</source>
        <translation>order_summary 읽기 모델에 기록된 상태</translation>
    </message>
    <message>
        <location filename="../inspectortab.cpp" line="144"/>
        <source>Order</source>
        <translation>주문</translation>
    </message>
    <message>
        <location filename="../inspectortab.cpp" line="144"/>
        <source>Status</source>
        <translation>상태</translation>
    </message>
    <message>
        <location filename="../inspectortab.cpp" line="144"/>
        <source>Events</source>
        <translation>이벤트</translation>
    </message>
    <message>
        <location filename="../inspectortab.cpp" line="157"/>
        <location filename="../inspectortab.cpp" line="424"/>
        <source>No orders yet: run a scenario.</source>
        <translation>아직 주문이 없습니다. 시나리오를 실행하세요.</translation>
    </message>
    <message>
        <location filename="../inspectortab.cpp" line="160"/>
        <source>Orders</source>
        <translation>주문</translation>
    </message>
    <message>
        <location filename="../inspectortab.cpp" line="168"/>
        <location filename="../inspectortab.cpp" line="313"/>
        <source>Pick an order to see its events.</source>
        <translation>주문을 고르면 이벤트가 표시됩니다.</translation>
    </message>
    <message>
        <location filename="../inspectortab.cpp" line="205"/>
        <source>Drag to see the order&apos;s state after any of its events</source>
        <translation>드래그하면 각 이벤트 이후의 주문 상태를 볼 수 있습니다</translation>
    </message>
    <message>
        <location filename="../inspectortab.cpp" line="209"/>
        <location filename="../inspectortab.cpp" line="526"/>
        <source>Version %1 of %2</source>
        <translation>버전 %1 / %2</translation>
    </message>
    <message>
        <location filename="../inspectortab.cpp" line="211"/>
        <source>Time travel:</source>
        <translation>시간 여행:</translation>
    </message>
    <message>
        <location filename="../inspectortab.cpp" line="216"/>
        <source>State</source>
        <translation>상태</translation>
    </message>
    <message>
        <location filename="../inspectortab.cpp" line="220"/>
        <source>The order&apos;s state appears here.</source>
        <translation>주문 상태가 여기에 표시됩니다.</translation>
    </message>
    <message>
        <location filename="../inspectortab.cpp" line="226"/>
        <source>Changes</source>
        <translation>변경 사항</translation>
    </message>
    <message>
        <location filename="../inspectortab.cpp" line="230"/>
        <source>the version before</source>
        <translation>직전 버전</translation>
    </message>
    <message>
        <location filename="../inspectortab.cpp" line="232"/>
        <source>The version to compare the slider&apos;s version with</source>
        <translation>슬라이더의 버전과 비교할 버전</translation>
    </message>
    <message>
        <location filename="../inspectortab.cpp" line="238"/>
        <location filename="../inspectortab.cpp" line="624"/>
        <source>Key</source>
        <translation>키</translation>
    </message>
    <message>
        <location filename="../inspectortab.cpp" line="238"/>
        <source>Before</source>
        <translation>이전</translation>
    </message>
    <message>
        <location filename="../inspectortab.cpp" line="238"/>
        <source>After</source>
        <translation>이후</translation>
    </message>
    <message>
        <location filename="../inspectortab.cpp" line="247"/>
        <source>Compare with</source>
        <translation>비교 대상</translation>
    </message>
    <message>
        <location filename="../inspectortab.cpp" line="255"/>
        <location filename="../inspectortab.cpp" line="657"/>
        <source>Event</source>
        <translation>이벤트</translation>
    </message>
    <message>
        <location filename="../inspectortab.cpp" line="256"/>
        <location filename="../inspectortab.cpp" line="658"/>
        <source>Stored</source>
        <translation>저장된 값</translation>
    </message>
    <message>
        <location filename="../inspectortab.cpp" line="257"/>
        <location filename="../inspectortab.cpp" line="659"/>
        <source>As read</source>
        <translation>읽은 값</translation>
    </message>
    <message>
        <location filename="../inspectortab.cpp" line="260"/>
        <location filename="../inspectortab.cpp" line="261"/>
        <location filename="../inspectortab.cpp" line="663"/>
        <source>Select an event.</source>
        <translation>이벤트를 선택하세요.</translation>
    </message>
    <message>
        <location filename="../inspectortab.cpp" line="350"/>
        <source>%1: loading its events...</source>
        <translation>%1: 이벤트를 불러오는 중...</translation>
    </message>
    <message>
        <location filename="../inspectortab.cpp" line="403"/>
        <source>Cannot list the orders: %1</source>
        <translation>주문 목록을 가져올 수 없습니다: %1</translation>
    </message>
    <message>
        <location filename="../inspectortab.cpp" line="410"/>
        <source>(not projected)</source>
        <translation>(프로젝션 안 됨)</translation>
    </message>
    <message>
        <location filename="../inspectortab.cpp" line="420"/>
        <source>The first %1 orders. Type part of an order number to narrow the list.</source>
        <translation>처음 %1개 주문입니다. 주문 번호 일부를 입력하면 목록이 좁혀집니다.</translation>
    </message>
    <message>
        <location filename="../inspectortab.cpp" line="423"/>
        <source>No order matches.</source>
        <translation>일치하는 주문이 없습니다.</translation>
    </message>
    <message>
        <location filename="../inspectortab.cpp" line="426"/>
        <source>%1 matching orders.</source>
        <translation>일치하는 주문 %1개.</translation>
    </message>
    <message>
        <location filename="../inspectortab.cpp" line="427"/>
        <source>%1 orders.</source>
        <translation>주문 %1개.</translation>
    </message>
    <message>
        <location filename="../inspectortab.cpp" line="491"/>
        <source>Cannot read %1: %2</source>
        <translation>%1을(를) 읽을 수 없습니다: %2</translation>
    </message>
    <message>
        <location filename="../inspectortab.cpp" line="499"/>
        <source>%1: %2 events, %3 snapshots</source>
        <translation>%1: 이벤트 %2개, 스냅샷 %3개</translation>
    </message>
    <message>
        <location filename="../inspectortab.cpp" line="504"/>
        <source> (status in order_summary: %1)</source>
        <translation> (order_summary의 상태: %1)</translation>
    </message>
    <message>
        <location filename="../inspectortab.cpp" line="527"/>
        <source>State at version %1</source>
        <translation>버전 %1의 상태</translation>
    </message>
    <message>
        <location filename="../inspectortab.cpp" line="567"/>
        <source>Loading version %1...</source>
        <translation>버전 %1 불러오는 중...</translation>
    </message>
    <message>
        <location filename="../inspectortab.cpp" line="590"/>
        <location filename="../inspectortab.cpp" line="613"/>
        <source>Cannot load version %1: %2</source>
        <translation>버전 %1을(를) 불러올 수 없습니다: %2</translation>
    </message>
    <message>
        <location filename="../inspectortab.cpp" line="596"/>
        <source>From the snapshot at version %1, 1 event replayed</source>
        <translation>버전 %1의 스냅샷에서 시작, 이벤트 1개 재생</translation>
    </message>
    <message>
        <location filename="../inspectortab.cpp" line="597"/>
        <source>From the snapshot at version %1, %2 events replayed</source>
        <translation>버전 %1의 스냅샷에서 시작, 이벤트 %2개 재생</translation>
    </message>
    <message>
        <location filename="../inspectortab.cpp" line="600"/>
        <source>No snapshot, 1 event replayed</source>
        <translation>스냅샷 없음, 이벤트 1개 재생</translation>
    </message>
    <message>
        <location filename="../inspectortab.cpp" line="601"/>
        <source>No snapshot, %1 events replayed</source>
        <translation>스냅샷 없음, 이벤트 %1개 재생</translation>
    </message>
    <message>
        <location filename="../inspectortab.cpp" line="603"/>
        <source> (%1 of them upcast from an older schema)</source>
        <translation> (그중 %1개는 이전 스키마에서 업캐스트)</translation>
    </message>
    <message>
        <location filename="../inspectortab.cpp" line="605"/>
        <source>; %1 newer snapshots ignored (old schema)</source>
        <translation>; 더 최근 스냅샷 %1개 무시됨 (이전 스키마)</translation>
    </message>
    <message>
        <location filename="../inspectortab.cpp" line="624"/>
        <source>At %1</source>
        <translation>버전 %1</translation>
    </message>
    <message>
        <location filename="../inspectortab.cpp" line="641"/>
        <source>Comparing version %1 with itself: nothing changes. Pick another version to compare with.</source>
        <translation>버전 %1을(를) 자기 자신과 비교하므로 바뀐 것이 없습니다. 비교할 다른 버전을 고르세요.</translation>
    </message>
    <message>
        <location filename="../inspectortab.cpp" line="645"/>
        <source>From version %1 to %2 no key changed.</source>
        <translation>버전 %1에서 %2까지 바뀐 키가 없습니다.</translation>
    </message>
    <message numerus="yes">
        <location filename="../inspectortab.cpp" line="649"/>
        <source>From version %1 to %2, %n key(s) changed:</source>
        <translation>
            <numerusform>버전 %1에서 %2까지 키 %n개가 바뀌었습니다:</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../inspectortab.cpp" line="664"/>
        <source>Version 0 is the order before its first event. Move the slider or select an event.</source>
        <translation>버전 0은 첫 이벤트 이전의 주문입니다. 슬라이더를 움직이거나 이벤트를 선택하세요.</translation>
    </message>
    <message>
        <location filename="../inspectortab.cpp" line="671"/>
        <source>Event %1: %2</source>
        <translation>이벤트 %1: %2</translation>
    </message>
    <message>
        <location filename="../inspectortab.cpp" line="674"/>
        <source>Stored (schema %1)</source>
        <translation>저장된 값 (스키마 %1)</translation>
    </message>
    <message>
        <location filename="../inspectortab.cpp" line="678"/>
        <source>Cannot be read</source>
        <translation>읽을 수 없음</translation>
    </message>
    <message>
        <location filename="../inspectortab.cpp" line="683"/>
        <source>Upcast on read (schema %1)</source>
        <translation>읽을 때 업캐스트 (스키마 %1)</translation>
    </message>
    <message>
        <location filename="../inspectortab.cpp" line="684"/>
        <source>As read: the same, no upcast</source>
        <translation>읽은 값: 동일, 업캐스트 없음</translation>
    </message>
</context>
<context>
    <name>eslab::MainWindow</name>
    <message>
        <location filename="../mainwindow.cpp" line="44"/>
        <source>Real time</source>
        <translation>실시간</translation>
    </message>
    <message>
        <location filename="../mainwindow.cpp" line="45"/>
        <source>10x</source>
        <translation>10x</translation>
    </message>
    <message>
        <location filename="../mainwindow.cpp" line="46"/>
        <source>60x</source>
        <translation>60x</translation>
    </message>
    <message>
        <location filename="../mainwindow.cpp" line="47"/>
        <source>600x</source>
        <translation>600x</translation>
    </message>
    <message>
        <location filename="../mainwindow.cpp" line="48"/>
        <source>As fast as possible</source>
        <translation>최대 속도</translation>
    </message>
    <message>
        <location filename="../mainwindow.cpp" line="68"/>
        <source>Scenario</source>
        <translation>시나리오</translation>
    </message>
    <message>
        <location filename="../mainwindow.cpp" line="81"/>
        <source>Event stream</source>
        <translation>이벤트 스트림</translation>
    </message>
    <message>
        <location filename="../mainwindow.cpp" line="82"/>
        <source>Order inspector</source>
        <translation>주문 인스펙터</translation>
    </message>
    <message>
        <location filename="../mainwindow.cpp" line="83"/>
        <source>Projections</source>
        <translation>프로젝션</translation>
    </message>
    <message>
        <location filename="../mainwindow.cpp" line="84"/>
        <source>Snapshot study</source>
        <translation>스냅샷 분석</translation>
    </message>
    <message>
        <location filename="../mainwindow.cpp" line="85"/>
        <source>Dashboard</source>
        <translation>대시보드</translation>
    </message>
    <message>
        <location filename="../mainwindow.cpp" line="107"/>
        <source>Run finished: %1 events, %2 events/s</source>
        <translation>실행 완료: 이벤트 %1개, 초당 %2개</translation>
    </message>
    <message>
        <location filename="../mainwindow.cpp" line="114"/>
        <source>The run stopped</source>
        <translation>실행이 중단되었습니다</translation>
    </message>
    <message>
        <location filename="../mainwindow.cpp" line="118"/>
        <source>Cannot read the store</source>
        <translation>저장소를 읽을 수 없습니다</translation>
    </message>
    <message>
        <location filename="../mainwindow.cpp" line="160"/>
        <source>Store: %1</source>
        <translation>저장소: %1</translation>
    </message>
    <message>
        <location filename="../mainwindow.cpp" line="161"/>
        <source>eslab - %1</source>
        <translation>eslab - %1</translation>
    </message>
    <message>
        <location filename="../mainwindow.cpp" line="167"/>
        <location filename="../mainwindow.cpp" line="199"/>
        <source>&amp;Run</source>
        <translation>실행(&amp;R)</translation>
    </message>
    <message>
        <location filename="../mainwindow.cpp" line="169"/>
        <source>Start a new run of the scenario on this store (Ctrl+R)</source>
        <translation>이 저장소에서 시나리오를 새로 실행합니다 (Ctrl+R)</translation>
    </message>
    <message>
        <location filename="../mainwindow.cpp" line="172"/>
        <location filename="../mainwindow.cpp" line="253"/>
        <source>&amp;Pause</source>
        <translation>일시 정지(&amp;P)</translation>
    </message>
    <message>
        <location filename="../mainwindow.cpp" line="176"/>
        <source>&amp;Step</source>
        <translation>한 단계(&amp;S)</translation>
    </message>
    <message>
        <location filename="../mainwindow.cpp" line="178"/>
        <source>Run until the next event is appended (F10)</source>
        <translation>다음 이벤트가 추가될 때까지 실행합니다 (F10)</translation>
    </message>
    <message>
        <location filename="../mainwindow.cpp" line="181"/>
        <source>Rese&amp;t</source>
        <translation>초기화(&amp;T)</translation>
    </message>
    <message>
        <location filename="../mainwindow.cpp" line="184"/>
        <source>Stop the run; what it committed stays in the store (Ctrl+Shift+R)</source>
        <translation>실행을 멈춥니다. 커밋된 내용은 저장소에 남습니다 (Ctrl+Shift+R)</translation>
    </message>
    <message>
        <location filename="../mainwindow.cpp" line="190"/>
        <source>&amp;File</source>
        <translation>파일(&amp;F)</translation>
    </message>
    <message>
        <location filename="../mainwindow.cpp" line="191"/>
        <source>&amp;New store...</source>
        <translation>새 저장소(&amp;N)...</translation>
    </message>
    <message>
        <location filename="../mainwindow.cpp" line="192"/>
        <source>&amp;Open store...</source>
        <translation>저장소 열기(&amp;O)...</translation>
    </message>
    <message>
        <location filename="../mainwindow.cpp" line="194"/>
        <source>&amp;Export events...</source>
        <translation>이벤트 내보내기(&amp;E)...</translation>
    </message>
    <message>
        <location filename="../mainwindow.cpp" line="195"/>
        <source>Export this tab as &amp;PNG...</source>
        <translation>이 탭을 PNG로 내보내기(&amp;P)...</translation>
    </message>
    <message>
        <location filename="../mainwindow.cpp" line="197"/>
        <source>&amp;Quit</source>
        <translation>종료(&amp;Q)</translation>
    </message>
    <message>
        <location filename="../mainwindow.cpp" line="205"/>
        <source>&amp;View</source>
        <translation>보기(&amp;V)</translation>
    </message>
    <message>
        <location filename="../mainwindow.cpp" line="206"/>
        <source>&amp;Refresh</source>
        <translation>새로 고침(&amp;R)</translation>
    </message>
    <message>
        <location filename="../mainwindow.cpp" line="208"/>
        <source>&amp;Settings</source>
        <translation>설정(&amp;S)</translation>
    </message>
    <message>
        <location filename="../mainwindow.cpp" line="209"/>
        <source>&amp;Language</source>
        <translation>언어(&amp;L)</translation>
    </message>
    <message>
        <location filename="../mainwindow.cpp" line="213"/>
        <source>System</source>
        <translation>시스템</translation>
    </message>
    <message>
        <location filename="../mainwindow.cpp" line="221"/>
        <source>Language</source>
        <translation>언어</translation>
    </message>
    <message>
        <location filename="../mainwindow.cpp" line="222"/>
        <source>The language changes the next time eslab starts.</source>
        <translation>언어는 eslab을 다음에 시작할 때 바뀝니다.</translation>
    </message>
    <message>
        <location filename="../mainwindow.cpp" line="229"/>
        <source>Run</source>
        <translation>실행</translation>
    </message>
    <message>
        <location filename="../mainwindow.cpp" line="236"/>
        <source>Speed: </source>
        <translation>속도: </translation>
    </message>
    <message>
        <location filename="../mainwindow.cpp" line="240"/>
        <source>Simulated time per wall-clock second</source>
        <translation>실제 1초당 시뮬레이션 시간</translation>
    </message>
    <message>
        <location filename="../mainwindow.cpp" line="252"/>
        <source>Res&amp;ume</source>
        <translation>재개(&amp;U)</translation>
    </message>
    <message>
        <location filename="../mainwindow.cpp" line="284"/>
        <source>Simulated %1</source>
        <translation>시뮬레이션 %1</translation>
    </message>
    <message>
        <location filename="../mainwindow.cpp" line="285"/>
        <source>%1 events this run</source>
        <translation>이번 실행 이벤트 %1개</translation>
    </message>
    <message>
        <location filename="../mainwindow.cpp" line="286"/>
        <source>Head %1</source>
        <translation>헤드 %1</translation>
    </message>
    <message>
        <location filename="../mainwindow.cpp" line="291"/>
        <location filename="../mainwindow.cpp" line="296"/>
        <source>New store</source>
        <translation>새 저장소</translation>
    </message>
    <message>
        <location filename="../mainwindow.cpp" line="292"/>
        <location filename="../mainwindow.cpp" line="309"/>
        <source>eslab stores (*.db);;All files (*)</source>
        <translation>eslab 저장소 (*.db);;모든 파일 (*)</translation>
    </message>
    <message>
        <location filename="../mainwindow.cpp" line="297"/>
        <source>%1 already exists. Open it with File &gt; Open store, or choose another name.</source>
        <translation>%1 파일이 이미 있습니다. 파일 &gt; 저장소 열기로 열거나 다른 이름을 고르세요.</translation>
    </message>
    <message>
        <location filename="../mainwindow.cpp" line="308"/>
        <source>Open store</source>
        <translation>저장소 열기</translation>
    </message>
    <message>
        <location filename="../mainwindow.cpp" line="317"/>
        <location filename="../mainwindow.cpp" line="339"/>
        <source>Export events</source>
        <translation>이벤트 내보내기</translation>
    </message>
    <message>
        <location filename="../mainwindow.cpp" line="318"/>
        <source>CSV (*.csv);;JSON (*.json)</source>
        <translation>CSV (*.csv);;JSON (*.json)</translation>
    </message>
    <message>
        <location filename="../mainwindow.cpp" line="323"/>
        <source>Exporting events to %1...</source>
        <translation>이벤트를 %1에 내보내는 중...</translation>
    </message>
    <message>
        <location filename="../mainwindow.cpp" line="337"/>
        <source>Exported the events to %1</source>
        <translation>이벤트를 %1에 내보냈습니다</translation>
    </message>
    <message>
        <location filename="../mainwindow.cpp" line="345"/>
        <location filename="../mainwindow.cpp" line="348"/>
        <source>Export as PNG</source>
        <translation>PNG로 내보내기</translation>
    </message>
    <message>
        <location filename="../mainwindow.cpp" line="346"/>
        <source>PNG images (*.png)</source>
        <translation>PNG 이미지 (*.png)</translation>
    </message>
    <message>
        <location filename="../mainwindow.cpp" line="348"/>
        <source>Cannot write %1.</source>
        <translation>%1 파일에 쓸 수 없습니다.</translation>
    </message>
</context>
<context>
    <name>eslab::OrderEventsModel</name>
    <message>
        <location filename="../ordereventsmodel.cpp" line="81"/>
        <source>cannot be decoded: %1</source>
        <translation>디코딩할 수 없음: %1</translation>
    </message>
    <message>
        <location filename="../ordereventsmodel.cpp" line="86"/>
        <source>%1 %2 for %3, batches of %4, %5 points</source>
        <translation>%3: %2 %1, 배치당 %4, %5포인트</translation>
    </message>
    <message>
        <location filename="../ordereventsmodel.cpp" line="90"/>
        <source>%1 points deducted</source>
        <translation>%1포인트 차감</translation>
    </message>
    <message>
        <location filename="../ordereventsmodel.cpp" line="92"/>
        <source>payment failed: %1</source>
        <translation>결제 실패: %1</translation>
    </message>
    <message>
        <location filename="../ordereventsmodel.cpp" line="94"/>
        <source>%1 batches planned</source>
        <translation>배치 %1개 계획</translation>
    </message>
    <message>
        <location filename="../ordereventsmodel.cpp" line="96"/>
        <source>batch %1 (attempt %2): %3 of %4 delivered by %5 in %6 ms</source>
        <translation>배치 %1 (시도 %2): %4 중 %3 전달, %5, %6 ms</translation>
    </message>
    <message>
        <location filename="../ordereventsmodel.cpp" line="100"/>
        <source>batch %1 attempt %2 failed: %3; will retry</source>
        <translation>배치 %1 시도 %2 실패: %3. 재시도 예정</translation>
    </message>
    <message>
        <location filename="../ordereventsmodel.cpp" line="101"/>
        <source>batch %1 attempt %2 failed: %3; no retry left</source>
        <translation>배치 %1 시도 %2 실패: %3. 남은 재시도 없음</translation>
    </message>
    <message>
        <location filename="../ordereventsmodel.cpp" line="104"/>
        <source>completed, %1 delivered</source>
        <translation>완료, %1 전달</translation>
    </message>
    <message>
        <location filename="../ordereventsmodel.cpp" line="106"/>
        <source>failed with %1 delivered: %2</source>
        <translation>실패, %1 전달됨: %2</translation>
    </message>
    <message>
        <location filename="../ordereventsmodel.cpp" line="109"/>
        <source>cancelled by %1: %2</source>
        <translation>취소 (%1): %2</translation>
    </message>
    <message>
        <location filename="../ordereventsmodel.cpp" line="111"/>
        <source>%1 points refunded: %2</source>
        <translation>%1포인트 환불: %2</translation>
    </message>
    <message>
        <location filename="../ordereventsmodel.cpp" line="114"/>
        <source>note (poison): %1</source>
        <translation>메모 (포이즌): %1</translation>
    </message>
    <message>
        <location filename="../ordereventsmodel.cpp" line="115"/>
        <source>note: %1</source>
        <translation>메모: %1</translation>
    </message>
    <message>
        <location filename="../ordereventsmodel.cpp" line="142"/>
        <source>%1 (snapshot)</source>
        <translation>%1 (스냅샷)</translation>
    </message>
    <message>
        <location filename="../ordereventsmodel.cpp" line="149"/>
        <source>%1 (upcast)</source>
        <translation>%1 (업캐스트)</translation>
    </message>
    <message>
        <location filename="../ordereventsmodel.cpp" line="157"/>
        <source>A snapshot of the state was taken at this version.</source>
        <translation>이 버전에서 상태의 스냅샷을 만들었습니다.</translation>
    </message>
    <message>
        <location filename="../ordereventsmodel.cpp" line="159"/>
        <source>Stored in schema version %1, upcast to %2 when read.</source>
        <translation>스키마 버전 %1(으)로 저장되었고, 읽을 때 %2(으)로 업캐스트됩니다.</translation>
    </message>
    <message>
        <location filename="../ordereventsmodel.cpp" line="183"/>
        <source>Version</source>
        <translation>버전</translation>
    </message>
    <message>
        <location filename="../ordereventsmodel.cpp" line="185"/>
        <source>Type</source>
        <translation>타입</translation>
    </message>
    <message>
        <location filename="../ordereventsmodel.cpp" line="187"/>
        <source>Recorded at</source>
        <translation>기록 시각</translation>
    </message>
    <message>
        <location filename="../ordereventsmodel.cpp" line="189"/>
        <source>Schema</source>
        <translation>스키마</translation>
    </message>
    <message>
        <location filename="../ordereventsmodel.cpp" line="191"/>
        <source>Summary</source>
        <translation>요약</translation>
    </message>
</context>
<context>
    <name>eslab::ParkedEventsModel</name>
    <message>
        <location filename="../parkedeventsmodel.cpp" line="77"/>
        <source>Projection</source>
        <translation>프로젝션</translation>
    </message>
    <message>
        <location filename="../parkedeventsmodel.cpp" line="79"/>
        <source>Position</source>
        <translation>위치</translation>
    </message>
    <message>
        <location filename="../parkedeventsmodel.cpp" line="81"/>
        <source>Stream</source>
        <translation>스트림</translation>
    </message>
    <message>
        <location filename="../parkedeventsmodel.cpp" line="83"/>
        <source>Type</source>
        <translation>타입</translation>
    </message>
    <message>
        <location filename="../parkedeventsmodel.cpp" line="85"/>
        <source>Attempts</source>
        <translation>시도 횟수</translation>
    </message>
    <message>
        <location filename="../parkedeventsmodel.cpp" line="87"/>
        <source>Parked at</source>
        <translation>보류 시각</translation>
    </message>
    <message>
        <location filename="../parkedeventsmodel.cpp" line="89"/>
        <source>Reason</source>
        <translation>사유</translation>
    </message>
</context>
<context>
    <name>eslab::ProjectionsTab</name>
    <message>
        <location filename="../projectionstab.cpp" line="94"/>
        <source>%1 s</source>
        <translation>%1초</translation>
    </message>
    <message>
        <location filename="../projectionstab.cpp" line="96"/>
        <source>%1 min %2 s</source>
        <translation>%1분 %2초</translation>
    </message>
    <message>
        <location filename="../projectionstab.cpp" line="99"/>
        <source>%1 h %2 min</source>
        <translation>%1시간 %2분</translation>
    </message>
    <message>
        <location filename="../projectionstab.cpp" line="132"/>
        <source>Projection</source>
        <translation>프로젝션</translation>
    </message>
    <message>
        <location filename="../projectionstab.cpp" line="132"/>
        <source>Head</source>
        <translation>헤드</translation>
    </message>
    <message>
        <location filename="../projectionstab.cpp" line="132"/>
        <source>Checkpoint</source>
        <translation>체크포인트</translation>
    </message>
    <message>
        <location filename="../projectionstab.cpp" line="133"/>
        <location filename="../projectionstab.cpp" line="172"/>
        <source>Lag (events)</source>
        <translation>지연 (이벤트)</translation>
    </message>
    <message>
        <location filename="../projectionstab.cpp" line="133"/>
        <location filename="../projectionstab.cpp" line="175"/>
        <location filename="../projectionstab.cpp" line="541"/>
        <source>Lag (ms)</source>
        <translation>지연 (ms)</translation>
    </message>
    <message>
        <location filename="../projectionstab.cpp" line="133"/>
        <source>Parked</source>
        <translation>보류</translation>
    </message>
    <message>
        <location filename="../projectionstab.cpp" line="134"/>
        <source>State</source>
        <translation>상태</translation>
    </message>
    <message>
        <location filename="../projectionstab.cpp" line="159"/>
        <source>Lag in events is head minus checkpoint; lag in ms is how long the oldest unprocessed event has waited (simulated clock).</source>
        <translation>이벤트 지연은 헤드에서 체크포인트를 뺀 값이고, ms 지연은 처리되지 않은 가장 오래된 이벤트가 기다린 시간입니다 (시뮬레이션 시계).</translation>
    </message>
    <message>
        <location filename="../projectionstab.cpp" line="169"/>
        <source>Simulated time (s)</source>
        <translation>시뮬레이션 시간 (초)</translation>
    </message>
    <message>
        <location filename="../projectionstab.cpp" line="189"/>
        <source>%1, events (left)</source>
        <translation>%1, 이벤트 (왼쪽)</translation>
    </message>
    <message>
        <location filename="../projectionstab.cpp" line="209"/>
        <location filename="../projectionstab.cpp" line="240"/>
        <source>Every projection</source>
        <translation>모든 프로젝션</translation>
    </message>
    <message>
        <location filename="../projectionstab.cpp" line="216"/>
        <location filename="../projectionstab.cpp" line="257"/>
        <source>Show:</source>
        <translation>표시:</translation>
    </message>
    <message>
        <location filename="../projectionstab.cpp" line="243"/>
        <source>No parked events.</source>
        <translation>보류된 이벤트가 없습니다.</translation>
    </message>
    <message>
        <location filename="../projectionstab.cpp" line="246"/>
        <source>Handler bug fixed</source>
        <translation>핸들러 버그 수정됨</translation>
    </message>
    <message>
        <location filename="../projectionstab.cpp" line="249"/>
        <source>Checked, replay and rebuild apply a poison note as a plain note, as once the handler is fixed. Unchecked, the handler still fails on it: a replayed event stays parked with one more attempt.</source>
        <translation>체크하면 핸들러를 고친 것처럼 재생과 재구축이 포이즌 메모를 일반 메모로 적용합니다. 체크하지 않으면 핸들러가 여전히 실패하므로, 재생한 이벤트는 시도 횟수가 하나 늘어난 채 보류 상태로 남습니다.</translation>
    </message>
    <message>
        <location filename="../projectionstab.cpp" line="252"/>
        <source>Replay</source>
        <translation>재생</translation>
    </message>
    <message>
        <location filename="../projectionstab.cpp" line="254"/>
        <source>Apply the listed parked events to their read model, in position order</source>
        <translation>목록의 보류된 이벤트를 위치 순서대로 해당 읽기 모델에 적용합니다</translation>
    </message>
    <message>
        <location filename="../projectionstab.cpp" line="262"/>
        <source>Parked events</source>
        <translation>보류된 이벤트</translation>
    </message>
    <message>
        <location filename="../projectionstab.cpp" line="273"/>
        <location filename="../projectionstab.cpp" line="574"/>
        <source>Rebuild from zero</source>
        <translation>처음부터 재구축</translation>
    </message>
    <message>
        <location filename="../projectionstab.cpp" line="275"/>
        <source>Clear the read model, its checkpoint, parked events and halt, then apply every event again</source>
        <translation>읽기 모델과 체크포인트, 보류된 이벤트, 중단 상태를 지운 뒤 모든 이벤트를 다시 적용합니다</translation>
    </message>
    <message>
        <location filename="../projectionstab.cpp" line="281"/>
        <location filename="../projectionstab.cpp" line="676"/>
        <source>Events/s: -</source>
        <translation>초당 이벤트: -</translation>
    </message>
    <message>
        <location filename="../projectionstab.cpp" line="283"/>
        <location filename="../projectionstab.cpp" line="677"/>
        <location filename="../projectionstab.cpp" line="719"/>
        <source>ETA: -</source>
        <translation>남은 시간: -</translation>
    </message>
    <message>
        <location filename="../projectionstab.cpp" line="285"/>
        <source>A rebuild clears the read model, its checkpoint, parked events and halt, then applies every event again with the skip policy.</source>
        <translation>재구축은 읽기 모델과 체크포인트, 보류된 이벤트, 중단 상태를 지운 뒤 건너뛰기(skip) 정책으로 모든 이벤트를 다시 적용합니다.</translation>
    </message>
    <message>
        <location filename="../projectionstab.cpp" line="287"/>
        <source>A simulation run is active. Replay and rebuild write to the store: reset the run or let it finish first.</source>
        <translation>시뮬레이션이 실행 중입니다. 재생과 재구축은 저장소에 쓰므로, 먼저 실행을 초기화하거나 끝날 때까지 기다리세요.</translation>
    </message>
    <message>
        <location filename="../projectionstab.cpp" line="303"/>
        <source>Rebuild</source>
        <translation>재구축</translation>
    </message>
    <message>
        <location filename="../projectionstab.cpp" line="415"/>
        <source>Cannot list the parked events: %1</source>
        <translation>보류된 이벤트 목록을 가져올 수 없습니다: %1</translation>
    </message>
    <message>
        <location filename="../projectionstab.cpp" line="420"/>
        <source>No parked events. A projection with the stop policy parks nothing: it halts at the event its handler fails on (State, above). Rebuild it to skip that event, or with the handler fixed to apply it.</source>
        <translation>보류된 이벤트가 없습니다. stop 정책의 프로젝션은 아무것도 보류하지 않고, 핸들러가 실패하는 이벤트에서 멈춥니다(위의 상태 참조). 그 이벤트를 건너뛰려면 재구축하고, 적용하려면 핸들러를 고친 상태로 재구축하세요.</translation>
    </message>
    <message>
        <location filename="../projectionstab.cpp" line="423"/>
        <source>No parked events: every event reached its read model.</source>
        <translation>보류된 이벤트가 없습니다. 모든 이벤트가 읽기 모델에 반영되었습니다.</translation>
    </message>
    <message>
        <location filename="../projectionstab.cpp" line="425"/>
        <source>The first %1 of %2 parked events. A replay takes every one.</source>
        <translation>보류된 이벤트 %2개 중 처음 %1개입니다. 재생은 전부를 처리합니다.</translation>
    </message>
    <message>
        <location filename="../projectionstab.cpp" line="429"/>
        <source>%1 parked events: their handler failed, so their read model does not have them yet. Replay them once the handler is fixed.</source>
        <translation>보류된 이벤트 %1개: 핸들러가 실패해서 아직 읽기 모델에 반영되지 않았습니다. 핸들러를 고친 뒤 재생하세요.</translation>
    </message>
    <message>
        <location filename="../projectionstab.cpp" line="490"/>
        <location filename="../projectionstab.cpp" line="737"/>
        <source>Halted at event %1: %2</source>
        <translation>이벤트 %1에서 중단됨: %2</translation>
    </message>
    <message>
        <location filename="../projectionstab.cpp" line="493"/>
        <source>Catching up: %1 events behind</source>
        <translation>따라잡는 중: 이벤트 %1개 뒤처짐</translation>
    </message>
    <message>
        <location filename="../projectionstab.cpp" line="496"/>
        <source>Empty store: nothing to project yet</source>
        <translation>빈 저장소: 아직 프로젝션할 것이 없음</translation>
    </message>
    <message>
        <location filename="../projectionstab.cpp" line="499"/>
        <source>Caught up, with parked events</source>
        <translation>따라잡음, 보류된 이벤트 있음</translation>
    </message>
    <message>
        <location filename="../projectionstab.cpp" line="499"/>
        <source>Caught up</source>
        <translation>따라잡음</translation>
    </message>
    <message>
        <location filename="../projectionstab.cpp" line="541"/>
        <source>Lag (s)</source>
        <translation>지연 (초)</translation>
    </message>
    <message>
        <location filename="../projectionstab.cpp" line="554"/>
        <source>No lag samples yet: start a run to chart the projections&apos; lag as it happens.</source>
        <translation>아직 지연 샘플이 없습니다. 실행을 시작하면 프로젝션 지연이 실시간으로 차트에 그려집니다.</translation>
    </message>
    <message>
        <location filename="../projectionstab.cpp" line="563"/>
        <source>A replay or rebuild is already running.</source>
        <translation>재생 또는 재구축이 이미 실행 중입니다.</translation>
    </message>
    <message>
        <location filename="../projectionstab.cpp" line="565"/>
        <source>There is no store yet: run a scenario first.</source>
        <translation>아직 저장소가 없습니다. 먼저 시나리오를 실행하세요.</translation>
    </message>
    <message>
        <location filename="../projectionstab.cpp" line="574"/>
        <source>Stop</source>
        <translation>중지</translation>
    </message>
    <message>
        <location filename="../projectionstab.cpp" line="611"/>
        <source>Replaying the parked events...</source>
        <translation>보류된 이벤트를 재생하는 중...</translation>
    </message>
    <message>
        <location filename="../projectionstab.cpp" line="621"/>
        <location filename="../projectionstab.cpp" line="691"/>
        <source>Cannot open the store for writing: %1</source>
        <translation>저장소를 쓰기용으로 열 수 없습니다: %1</translation>
    </message>
    <message>
        <location filename="../projectionstab.cpp" line="641"/>
        <source>The replay stopped: %1</source>
        <translation>재생이 중단되었습니다: %1</translation>
    </message>
    <message>
        <location filename="../projectionstab.cpp" line="644"/>
        <source>Replayed %1, failed again %2, still parked %3.</source>
        <translation>재생 %1개, 다시 실패 %2개, 여전히 보류 %3개.</translation>
    </message>
    <message>
        <location filename="../projectionstab.cpp" line="654"/>
        <source>Replaying: %1 of %2 parked events...</source>
        <translation>재생 중: 보류된 이벤트 %2개 중 %1개...</translation>
    </message>
    <message>
        <location filename="../projectionstab.cpp" line="678"/>
        <source>Rebuilding %1 from zero...</source>
        <translation>%1 처음부터 재구축 중...</translation>
    </message>
    <message>
        <location filename="../projectionstab.cpp" line="295"/>
        <location filename="../projectionstab.cpp" line="716"/>
        <source>Events/s: %1</source>
        <translation>초당 이벤트: %1</translation>
    </message>
    <message>
        <location filename="../projectionstab.cpp" line="192"/>
        <source>%1, wait (right)</source>
        <translation>%1, 대기 (오른쪽)</translation>
    </message>
    <message>
        <location filename="../projectionstab.cpp" line="211"/>
        <source>&lt;b&gt;Lag over time&lt;/b&gt;: events behind the head (blue, left axis) and wait of the oldest unprocessed event (orange, right axis)</source>
        <translation>&lt;b&gt;시간에 따른 지연&lt;/b&gt;: 헤드보다 뒤처진 이벤트 수(파란색, 왼쪽 축)와 처리되지 않은 가장 오래된 이벤트의 대기 시간(주황색, 오른쪽 축)</translation>
    </message>
    <message>
        <location filename="../projectionstab.cpp" line="717"/>
        <source>ETA: %1</source>
        <translation>남은 시간: %1</translation>
    </message>
    <message>
        <location filename="../projectionstab.cpp" line="727"/>
        <source>The rebuild failed: %1</source>
        <translation>재구축 실패: %1</translation>
    </message>
    <message>
        <location filename="../projectionstab.cpp" line="296"/>
        <location filename="../projectionstab.cpp" line="730"/>
        <source>ETA: done</source>
        <translation>남은 시간: 완료</translation>
    </message>
    <message>
        <location filename="../projectionstab.cpp" line="733"/>
        <source>Stopped at checkpoint %1 of %2; catch-up goes on from there.</source>
        <translation>체크포인트 %1 / %2에서 중지했습니다. 따라잡기는 거기서부터 계속됩니다.</translation>
    </message>
    <message>
        <location filename="../projectionstab.cpp" line="739"/>
        <source>Rebuilt to checkpoint %1 of %2 in %3 s: %4 events applied, %5 parked.</source>
        <translation>%3초 만에 체크포인트 %1 / %2까지 재구축: 이벤트 %4개 적용, %5개 보류.</translation>
    </message>
</context>
<context>
    <name>eslab::ScenarioEditor</name>
    <message>
        <location filename="../scenarioeditor.cpp" line="253"/>
        <source>Custom scenario</source>
        <translation>사용자 정의 시나리오</translation>
    </message>
    <message>
        <location filename="../scenarioeditor.cpp" line="254"/>
        <source>Built-in scenarios. Each one shows a failure (or none) and says what to watch.</source>
        <translation>내장 시나리오. 각각 장애 하나(또는 장애 없음)를 보여 주고 무엇을 지켜볼지 알려 줍니다.</translation>
    </message>
    <message>
        <location filename="../scenarioeditor.cpp" line="261"/>
        <source>Open file...</source>
        <translation>파일 열기...</translation>
    </message>
    <message>
        <location filename="../scenarioeditor.cpp" line="263"/>
        <source>Load a scenario from a JSON file</source>
        <translation>JSON 파일에서 시나리오를 불러옵니다</translation>
    </message>
    <message>
        <location filename="../scenarioeditor.cpp" line="267"/>
        <source>Save as...</source>
        <translation>다른 이름으로 저장...</translation>
    </message>
    <message>
        <location filename="../scenarioeditor.cpp" line="269"/>
        <source>Save this scenario as a JSON file (only when it is valid)</source>
        <translation>이 시나리오를 JSON 파일로 저장합니다 (유효할 때만)</translation>
    </message>
    <message>
        <location filename="../scenarioeditor.cpp" line="302"/>
        <source> ms</source>
        <translation> ms</translation>
    </message>
    <message>
        <location filename="../scenarioeditor.cpp" line="304"/>
        <source>General</source>
        <translation>일반</translation>
    </message>
    <message>
        <location filename="../scenarioeditor.cpp" line="305"/>
        <source>Name</source>
        <translation>이름</translation>
    </message>
    <message>
        <location filename="../scenarioeditor.cpp" line="306"/>
        <source>The scenario&apos;s name, recorded with each run. Must not be empty.</source>
        <translation>시나리오 이름으로, 실행마다 함께 기록됩니다. 비워 둘 수 없습니다.</translation>
    </message>
    <message>
        <location filename="../scenarioeditor.cpp" line="310"/>
        <source>Seed</source>
        <translation>시드</translation>
    </message>
    <message>
        <location filename="../scenarioeditor.cpp" line="311"/>
        <source>Seed of the random generator: the same scenario and seed give the same events on every machine. An integer from 0 to 2^53 - 1.</source>
        <translation>난수 생성기의 시드: 같은 시나리오와 시드는 어느 컴퓨터에서나 같은 이벤트를 만듭니다. 0부터 2^53 - 1까지의 정수.</translation>
    </message>
    <message>
        <location filename="../scenarioeditor.cpp" line="315"/>
        <location filename="../scenarioeditor.cpp" line="316"/>
        <source>Orders</source>
        <translation>주문</translation>
    </message>
    <message>
        <location filename="../scenarioeditor.cpp" line="317"/>
        <source>How many orders arrive during the run. 1 to 10,000,000.</source>
        <translation>실행 동안 들어오는 주문 수. 1~10,000,000.</translation>
    </message>
    <message>
        <location filename="../scenarioeditor.cpp" line="319"/>
        <source>Arrivals</source>
        <translation>도착률</translation>
    </message>
    <message>
        <location filename="../scenarioeditor.cpp" line="320"/>
        <source>Orders arriving per simulated minute, on average. Above 0, at most 1,000,000.</source>
        <translation>시뮬레이션 1분당 평균 도착 주문 수. 0보다 크고 1,000,000 이하.</translation>
    </message>
    <message>
        <location filename="../scenarioeditor.cpp" line="321"/>
        <source> /min</source>
        <translation> /분</translation>
    </message>
    <message>
        <location filename="../scenarioeditor.cpp" line="322"/>
        <source>Relative weight of %1 orders in the service mix, from 0 to 1. Only the ratios matter; at least one share must be above 0.</source>
        <translation>서비스 구성에서 %1 주문의 상대 가중치, 0~1. 비율만 의미가 있으며, 적어도 하나는 0보다 커야 합니다.</translation>
    </message>
    <message>
        <location filename="../scenarioeditor.cpp" line="324"/>
        <source>Likes</source>
        <translation>좋아요</translation>
    </message>
    <message>
        <location filename="../scenarioeditor.cpp" line="324"/>
        <source>likes</source>
        <translation>좋아요</translation>
    </message>
    <message>
        <location filename="../scenarioeditor.cpp" line="326"/>
        <source>Followers</source>
        <translation>팔로워</translation>
    </message>
    <message>
        <location filename="../scenarioeditor.cpp" line="327"/>
        <source>followers</source>
        <translation>팔로워</translation>
    </message>
    <message>
        <location filename="../scenarioeditor.cpp" line="328"/>
        <source>Views</source>
        <translation>조회수</translation>
    </message>
    <message>
        <location filename="../scenarioeditor.cpp" line="328"/>
        <source>views</source>
        <translation>조회수</translation>
    </message>
    <message>
        <location filename="../scenarioeditor.cpp" line="330"/>
        <source>Min quantity</source>
        <translation>최소 수량</translation>
    </message>
    <message>
        <location filename="../scenarioeditor.cpp" line="331"/>
        <source>Smallest order, in units. 1 to 10,000,000, and at most the max quantity.</source>
        <translation>가장 작은 주문의 단위 수. 1~10,000,000이며 최대 수량 이하.</translation>
    </message>
    <message>
        <location filename="../scenarioeditor.cpp" line="333"/>
        <source>Max quantity</source>
        <translation>최대 수량</translation>
    </message>
    <message>
        <location filename="../scenarioeditor.cpp" line="334"/>
        <source>Largest order, in units. 1 to 10,000,000, and at least the min quantity.</source>
        <translation>가장 큰 주문의 단위 수. 1~10,000,000이며 최소 수량 이상.</translation>
    </message>
    <message>
        <location filename="../scenarioeditor.cpp" line="336"/>
        <source>Points/unit</source>
        <translation>포인트/단위</translation>
    </message>
    <message>
        <location filename="../scenarioeditor.cpp" line="337"/>
        <source>Price in points per unit ordered: an order costs its quantity times this. 0 to 1,000,000.</source>
        <translation>주문 단위당 포인트 가격: 주문 금액은 수량 × 이 값입니다. 0~1,000,000.</translation>
    </message>
    <message>
        <location filename="../scenarioeditor.cpp" line="340"/>
        <source>Cancel rate</source>
        <translation>취소율</translation>
    </message>
    <message>
        <location filename="../scenarioeditor.cpp" line="341"/>
        <source>Share of orders the customer cancels mid-flight; what was not delivered is refunded. 0 to 1.</source>
        <translation>고객이 진행 도중 취소하는 주문의 비율. 전달되지 않은 부분은 환불됩니다. 0~1.</translation>
    </message>
    <message>
        <location filename="../scenarioeditor.cpp" line="345"/>
        <source>Execution</source>
        <translation>작업 실행</translation>
    </message>
    <message>
        <location filename="../scenarioeditor.cpp" line="346"/>
        <location filename="../scenarioeditor.cpp" line="451"/>
        <source>Batch size</source>
        <translation>배치 크기</translation>
    </message>
    <message>
        <location filename="../scenarioeditor.cpp" line="347"/>
        <source>Units delivered per execution batch: an order runs in quantity / batch size batches. At least 1.</source>
        <translation>실행 배치 하나가 전달하는 단위 수: 주문은 수량 / 배치 크기 개의 배치로 실행됩니다. 1 이상.</translation>
    </message>
    <message>
        <location filename="../scenarioeditor.cpp" line="349"/>
        <source> units</source>
        <translation> 단위</translation>
    </message>
    <message>
        <location filename="../scenarioeditor.cpp" line="350"/>
        <source>Workers</source>
        <translation>워커</translation>
    </message>
    <message>
        <location filename="../scenarioeditor.cpp" line="351"/>
        <source>Workers executing batches in parallel. At least 1.</source>
        <translation>배치를 병렬로 실행하는 워커 수. 1 이상.</translation>
    </message>
    <message>
        <location filename="../scenarioeditor.cpp" line="352"/>
        <source>Batch time</source>
        <translation>배치 시간</translation>
    </message>
    <message>
        <location filename="../scenarioeditor.cpp" line="353"/>
        <source>Mean duration of one batch, in simulated milliseconds. 0 to 86,400,000.</source>
        <translation>배치 하나의 평균 소요 시간(시뮬레이션 밀리초). 0~86,400,000.</translation>
    </message>
    <message>
        <location filename="../scenarioeditor.cpp" line="355"/>
        <source>Jitter</source>
        <translation>지터</translation>
    </message>
    <message>
        <location filename="../scenarioeditor.cpp" line="356"/>
        <source>How far a batch&apos;s duration varies around the mean, as a fraction of the mean. 0 to 1.</source>
        <translation>배치 소요 시간이 평균에서 벗어나는 정도(평균 대비 비율). 0~1.</translation>
    </message>
    <message>
        <location filename="../scenarioeditor.cpp" line="359"/>
        <location filename="../scenarioeditor.cpp" line="475"/>
        <source>Attempts</source>
        <translation>시도 횟수</translation>
    </message>
    <message>
        <location filename="../scenarioeditor.cpp" line="360"/>
        <source>Attempts per batch; when they run out the order fails and the undelivered part is refunded. 1 to 1000.</source>
        <translation>배치당 시도 횟수. 다 쓰면 주문이 실패하고 전달되지 않은 부분은 환불됩니다. 1~1000.</translation>
    </message>
    <message>
        <location filename="../scenarioeditor.cpp" line="363"/>
        <source>Backoff</source>
        <translation>백오프</translation>
    </message>
    <message>
        <location filename="../scenarioeditor.cpp" line="364"/>
        <source>Wait before a failed batch is retried, in simulated milliseconds. 0 to 86,400,000.</source>
        <translation>실패한 배치를 재시도하기 전 대기 시간(시뮬레이션 밀리초). 0~86,400,000.</translation>
    </message>
    <message>
        <location filename="../scenarioeditor.cpp" line="368"/>
        <source>Failures (rates, 0 to 1)</source>
        <translation>장애 (비율, 0~1)</translation>
    </message>
    <message>
        <location filename="../scenarioeditor.cpp" line="371"/>
        <source>Payment</source>
        <translation>결제</translation>
    </message>
    <message>
        <location filename="../scenarioeditor.cpp" line="372"/>
        <source>Share of payments that fail; the order ends with PaymentFailed.</source>
        <translation>실패하는 결제의 비율. 주문은 PaymentFailed로 끝납니다.</translation>
    </message>
    <message>
        <location filename="../scenarioeditor.cpp" line="374"/>
        <source>Batch</source>
        <translation>배치</translation>
    </message>
    <message>
        <location filename="../scenarioeditor.cpp" line="375"/>
        <source>Share of batch attempts that fail. They are retried; when the attempts run out the order fails and is compensated.</source>
        <translation>실패하는 배치 시도의 비율. 재시도되며, 시도 횟수를 다 쓰면 주문이 실패하고 보상 처리됩니다.</translation>
    </message>
    <message>
        <location filename="../scenarioeditor.cpp" line="378"/>
        <source>Worker crash</source>
        <translation>워커 크래시</translation>
    </message>
    <message>
        <location filename="../scenarioeditor.cpp" line="379"/>
        <source>Share of batches whose worker crashes after the external work but before the append: delivered, not recorded, shown as over-delivery.</source>
        <translation>외부 작업 후 append 전에 워커가 크래시하는 배치의 비율: 전달되었지만 기록되지 않아 초과 전달로 나타납니다.</translation>
    </message>
    <message>
        <location filename="../scenarioeditor.cpp" line="382"/>
        <source>Duplicate</source>
        <translation>중복</translation>
    </message>
    <message>
        <location filename="../scenarioeditor.cpp" line="383"/>
        <source>Share of events delivered twice to a projector (at-least-once delivery); harmless only when the projections are idempotent.</source>
        <translation>프로젝터에 두 번 전달되는 이벤트의 비율(최소 한 번 전달). 프로젝션이 멱등일 때만 무해합니다.</translation>
    </message>
    <message>
        <location filename="../scenarioeditor.cpp" line="386"/>
        <source>Projector crash</source>
        <translation>프로젝터 크래시</translation>
    </message>
    <message>
        <location filename="../scenarioeditor.cpp" line="387"/>
        <source>Share of projector batches that crash between the read-model write and the checkpoint; see Projections &gt; Checkpoint.</source>
        <translation>읽기 모델 쓰기와 체크포인트 사이에서 크래시하는 프로젝터 배치의 비율. 프로젝션 &gt; 체크포인트를 참고하세요.</translation>
    </message>
    <message>
        <location filename="../scenarioeditor.cpp" line="390"/>
        <source>Poison event</source>
        <translation>포이즌 이벤트</translation>
    </message>
    <message>
        <location filename="../scenarioeditor.cpp" line="391"/>
        <source>Share of orders that get a poison OrderNoteAdded, on which the read models&apos; handlers fail; see Projections &gt; On failure.</source>
        <translation>읽기 모델 핸들러가 실패하는 포이즌 OrderNoteAdded를 받는 주문의 비율. 프로젝션 &gt; 실패 시를 참고하세요.</translation>
    </message>
    <message>
        <location filename="../scenarioeditor.cpp" line="394"/>
        <source>Concurrent writer</source>
        <translation>동시 작성자</translation>
    </message>
    <message>
        <location filename="../scenarioeditor.cpp" line="395"/>
        <source>Share of orders on which a second writer appends at the same time: expected-version conflicts and retries.</source>
        <translation>두 번째 작성자가 동시에 append하는 주문의 비율: 예상 버전 충돌과 재시도가 생깁니다.</translation>
    </message>
    <message>
        <location filename="../scenarioeditor.cpp" line="398"/>
        <source>Legacy event</source>
        <translation>레거시 이벤트</translation>
    </message>
    <message>
        <location filename="../scenarioeditor.cpp" line="399"/>
        <source>Share of BatchExecuted events written in the old schema (version 1) and upcast on read.</source>
        <translation>이전 스키마(버전 1)로 기록되고 읽을 때 업캐스트되는 BatchExecuted 이벤트의 비율.</translation>
    </message>
    <message>
        <location filename="../scenarioeditor.cpp" line="403"/>
        <source>0 to 1.</source>
        <translation>0~1.</translation>
    </message>
    <message>
        <location filename="../scenarioeditor.cpp" line="407"/>
        <source>Snapshots</source>
        <translation>스냅샷</translation>
    </message>
    <message>
        <location filename="../scenarioeditor.cpp" line="408"/>
        <source>Policy</source>
        <translation>정책</translation>
    </message>
    <message>
        <location filename="../scenarioeditor.cpp" line="409"/>
        <source>When a snapshot of an order&apos;s state is taken: never; when its stream crosses a multiple of N events; after events of the checked types; or when loading it replayed more events than the load budget.</source>
        <translation>주문 상태의 스냅샷을 언제 만들지: 만들지 않음, 스트림이 N개 이벤트의 배수를 넘을 때, 체크한 타입의 이벤트 다음, 또는 로드할 때 로드 예산보다 많은 이벤트를 재생했을 때.</translation>
    </message>
    <message>
        <location filename="../scenarioeditor.cpp" line="412"/>
        <source>None</source>
        <translation>없음</translation>
    </message>
    <message>
        <location filename="../scenarioeditor.cpp" line="413"/>
        <source>Every N events</source>
        <translation>N개 이벤트마다</translation>
    </message>
    <message>
        <location filename="../scenarioeditor.cpp" line="414"/>
        <source>After event types</source>
        <translation>이벤트 타입 다음</translation>
    </message>
    <message>
        <location filename="../scenarioeditor.cpp" line="415"/>
        <location filename="../scenarioeditor.cpp" line="441"/>
        <source>Load budget</source>
        <translation>로드 예산</translation>
    </message>
    <message>
        <location filename="../scenarioeditor.cpp" line="416"/>
        <source>Every</source>
        <translation>간격</translation>
    </message>
    <message>
        <location filename="../scenarioeditor.cpp" line="417"/>
        <source>N: a snapshot each time an order&apos;s stream crosses a multiple of N events (policy Every N events). At least 1.</source>
        <translation>N: 주문의 스트림이 N개 이벤트의 배수를 넘을 때마다 스냅샷 (정책: N개 이벤트마다). 1 이상.</translation>
    </message>
    <message>
        <location filename="../scenarioeditor.cpp" line="419"/>
        <location filename="../scenarioeditor.cpp" line="444"/>
        <location filename="../scenarioeditor.cpp" line="453"/>
        <source> events</source>
        <translation> 이벤트</translation>
    </message>
    <message>
        <location filename="../scenarioeditor.cpp" line="438"/>
        <source>After</source>
        <translation>이후</translation>
    </message>
    <message>
        <location filename="../scenarioeditor.cpp" line="439"/>
        <source>A snapshot after each event of the checked types (policy After event types).</source>
        <translation>체크한 타입의 이벤트마다 그 다음에 스냅샷 (정책: 이벤트 타입 다음).</translation>
    </message>
    <message>
        <location filename="../scenarioeditor.cpp" line="442"/>
        <source>A snapshot when loading an order replayed more than this many events (policy Load budget). At least 1.</source>
        <translation>주문을 로드할 때 이 수보다 많은 이벤트를 재생했으면 스냅샷 (정책: 로드 예산). 1 이상.</translation>
    </message>
    <message>
        <location filename="../scenarioeditor.cpp" line="446"/>
        <source>Projections</source>
        <translation>프로젝션</translation>
    </message>
    <message>
        <location filename="../scenarioeditor.cpp" line="447"/>
        <source>Poll every</source>
        <translation>폴링 간격</translation>
    </message>
    <message>
        <location filename="../scenarioeditor.cpp" line="448"/>
        <source>How often each projector polls the store for new events, in simulated milliseconds. 0 to 86,400,000.</source>
        <translation>각 프로젝터가 새 이벤트를 찾아 저장소를 폴링하는 간격(시뮬레이션 밀리초). 0~86,400,000.</translation>
    </message>
    <message>
        <location filename="../scenarioeditor.cpp" line="452"/>
        <source>Events a projector reads and applies per poll. At least 1.</source>
        <translation>프로젝터가 폴링 한 번에 읽고 적용하는 이벤트 수. 1 이상.</translation>
    </message>
    <message>
        <location filename="../scenarioeditor.cpp" line="454"/>
        <source>Cost/event</source>
        <translation>이벤트당 비용</translation>
    </message>
    <message>
        <location filename="../scenarioeditor.cpp" line="455"/>
        <source>Simulated time a projector spends applying one event, in milliseconds. 0 to 86,400,000.</source>
        <translation>프로젝터가 이벤트 하나를 적용하는 데 드는 시뮬레이션 시간(밀리초). 0~86,400,000.</translation>
    </message>
    <message>
        <location filename="../scenarioeditor.cpp" line="458"/>
        <source>Checkpoint</source>
        <translation>체크포인트</translation>
    </message>
    <message>
        <location filename="../scenarioeditor.cpp" line="459"/>
        <source>Whether a projector stores its checkpoint in the same transaction as its read-model writes, or separately: then a crash in between applies events twice.</source>
        <translation>프로젝터가 체크포인트를 읽기 모델 쓰기와 같은 트랜잭션에 저장할지, 따로 저장할지. 따로 저장하면 그 사이의 크래시로 이벤트가 두 번 적용됩니다.</translation>
    </message>
    <message>
        <location filename="../scenarioeditor.cpp" line="462"/>
        <source>Same transaction</source>
        <translation>같은 트랜잭션</translation>
    </message>
    <message>
        <location filename="../scenarioeditor.cpp" line="463"/>
        <source>Separate</source>
        <translation>별도</translation>
    </message>
    <message>
        <location filename="../scenarioeditor.cpp" line="464"/>
        <source>Ignore redelivered events</source>
        <translation>재전달된 이벤트 무시</translation>
    </message>
    <message>
        <location filename="../scenarioeditor.cpp" line="465"/>
        <source>Idempotent</source>
        <translation>멱등성</translation>
    </message>
    <message>
        <location filename="../scenarioeditor.cpp" line="466"/>
        <source>Whether the projectors ignore an event they have already applied. Switch it off to see what duplicate delivery does to the read models.</source>
        <translation>프로젝터가 이미 적용한 이벤트를 무시할지 여부. 끄면 중복 전달이 읽기 모델에 어떤 영향을 주는지 볼 수 있습니다.</translation>
    </message>
    <message>
        <location filename="../scenarioeditor.cpp" line="469"/>
        <source>On failure</source>
        <translation>실패 시</translation>
    </message>
    <message>
        <location filename="../scenarioeditor.cpp" line="470"/>
        <source>What a projector does with an event its handler fails on: stop and show where; park it and go on; or retry it, then park it.</source>
        <translation>핸들러가 실패한 이벤트를 프로젝터가 어떻게 처리할지: 멈추고 위치 표시, 보류하고 계속, 또는 재시도 후 보류.</translation>
    </message>
    <message>
        <location filename="../scenarioeditor.cpp" line="472"/>
        <source>Stop</source>
        <translation>중지</translation>
    </message>
    <message>
        <location filename="../scenarioeditor.cpp" line="473"/>
        <source>Skip (park)</source>
        <translation>건너뛰기 (보류)</translation>
    </message>
    <message>
        <location filename="../scenarioeditor.cpp" line="474"/>
        <source>Retry, then park</source>
        <translation>재시도 후 보류</translation>
    </message>
    <message>
        <location filename="../scenarioeditor.cpp" line="476"/>
        <source>Attempts before a failing event is parked (policy Retry, then park). 1 to 1000.</source>
        <translation>실패하는 이벤트를 보류하기 전까지의 시도 횟수 (정책: 재시도 후 보류). 1~1000.</translation>
    </message>
    <message>
        <location filename="../scenarioeditor.cpp" line="479"/>
        <source>Run</source>
        <translation>실행</translation>
    </message>
    <message>
        <location filename="../scenarioeditor.cpp" line="480"/>
        <source>x</source>
        <translation>x</translation>
    </message>
    <message>
        <location filename="../scenarioeditor.cpp" line="481"/>
        <source>As fast as possible</source>
        <translation>최대 속도</translation>
    </message>
    <message>
        <location filename="../scenarioeditor.cpp" line="482"/>
        <source>Speed</source>
        <translation>속도</translation>
    </message>
    <message>
        <location filename="../scenarioeditor.cpp" line="483"/>
        <source>Simulated seconds per wall-clock second when the run is paced; 0 runs as fast as possible. 0, or 0.001 to 1,000,000. The command line uses it only with --paced.</source>
        <translation>속도를 맞춘 실행에서 실제 1초당 시뮬레이션 초. 0이면 최대 속도로 실행합니다. 0 또는 0.001~1,000,000. 명령줄은 --paced일 때만 사용합니다.</translation>
    </message>
    <message>
        <location filename="../scenarioeditor.cpp" line="730"/>
        <source>Run is off until &lt;a href=&quot;%1&quot;&gt;%1&lt;/a&gt; is fixed.</source>
        <translation>&lt;a href=&quot;%1&quot;&gt;%1&lt;/a&gt; 항목을 고칠 때까지 실행할 수 없습니다.</translation>
    </message>
    <message>
        <location filename="../scenarioeditor.cpp" line="793"/>
        <location filename="../scenarioeditor.cpp" line="796"/>
        <source>Open scenario</source>
        <translation>시나리오 열기</translation>
    </message>
    <message>
        <location filename="../scenarioeditor.cpp" line="794"/>
        <location filename="../scenarioeditor.cpp" line="807"/>
        <source>Scenarios (*.json);;All files (*)</source>
        <translation>시나리오 (*.json);;모든 파일 (*)</translation>
    </message>
    <message>
        <location filename="../scenarioeditor.cpp" line="807"/>
        <location filename="../scenarioeditor.cpp" line="813"/>
        <source>Save scenario</source>
        <translation>시나리오 저장</translation>
    </message>
    <message>
        <location filename="../scenarioeditor.cpp" line="814"/>
        <source>Cannot write %1: %2</source>
        <translation>%1 파일에 쓸 수 없습니다: %2</translation>
    </message>
</context>
<context>
    <name>eslab::SnapshotStudyTab</name>
    <message>
        <location filename="../snapshotstudytab.cpp" line="54"/>
        <source>Snapshot intervals, comma-separated: 0 takes no snapshots, N takes one each time a stream crosses a multiple of N events.</source>
        <translation>쉼표로 구분한 스냅샷 간격: 0은 스냅샷 없음, N은 스트림이 N개 이벤트의 배수를 넘을 때마다 스냅샷 하나.</translation>
    </message>
    <message>
        <location filename="../snapshotstudytab.cpp" line="68"/>
        <source>Run sweep</source>
        <translation>스윕 실행</translation>
    </message>
    <message>
        <location filename="../snapshotstudytab.cpp" line="70"/>
        <source>Cancel</source>
        <translation>취소</translation>
    </message>
    <message>
        <location filename="../snapshotstudytab.cpp" line="76"/>
        <source>Not run yet</source>
        <translation>아직 실행하지 않음</translation>
    </message>
    <message>
        <location filename="../snapshotstudytab.cpp" line="78"/>
        <source>Runs the scenario once per setting, each into a fresh temporary store, then times loads of its orders from that store.</source>
        <translation>설정마다 새 임시 저장소에 시나리오를 한 번씩 실행한 뒤, 그 저장소에서 주문을 로드하는 시간을 잽니다.</translation>
    </message>
    <message>
        <location filename="../snapshotstudytab.cpp" line="83"/>
        <source>&amp;Intervals:</source>
        <translation>간격(&amp;I):</translation>
    </message>
    <message>
        <location filename="../snapshotstudytab.cpp" line="88"/>
        <source>Policies:</source>
        <translation>정책:</translation>
    </message>
    <message>
        <location filename="../snapshotstudytab.cpp" line="103"/>
        <source>Events replayed per load</source>
        <translation>로드당 재생 이벤트</translation>
    </message>
    <message>
        <location filename="../snapshotstudytab.cpp" line="104"/>
        <location filename="../snapshotstudytab.cpp" line="106"/>
        <source>mean</source>
        <translation>평균</translation>
    </message>
    <message>
        <location filename="../snapshotstudytab.cpp" line="104"/>
        <location filename="../snapshotstudytab.cpp" line="106"/>
        <source>p95</source>
        <translation>p95</translation>
    </message>
    <message>
        <location filename="../snapshotstudytab.cpp" line="104"/>
        <source>max</source>
        <translation>최대</translation>
    </message>
    <message>
        <location filename="../snapshotstudytab.cpp" line="105"/>
        <source>Load time from the store (ms)</source>
        <translation>저장소에서 로드 시간 (ms)</translation>
    </message>
    <message>
        <location filename="../snapshotstudytab.cpp" line="108"/>
        <source>Storage (KB)</source>
        <translation>저장 공간 (KB)</translation>
    </message>
    <message>
        <location filename="../snapshotstudytab.cpp" line="108"/>
        <source>snapshots</source>
        <translation>스냅샷</translation>
    </message>
    <message>
        <location filename="../snapshotstudytab.cpp" line="108"/>
        <source>events</source>
        <translation>이벤트</translation>
    </message>
    <message>
        <location filename="../snapshotstudytab.cpp" line="111"/>
        <source>Snapshot write cost (% of run time)</source>
        <translation>스냅샷 쓰기 비용 (실행 시간 대비 %)</translation>
    </message>
    <message>
        <location filename="../snapshotstudytab.cpp" line="112"/>
        <source>share of run time writing snapshots</source>
        <translation>실행 시간 중 스냅샷 쓰기 비율</translation>
    </message>
    <message>
        <location filename="../snapshotstudytab.cpp" line="126"/>
        <source>Setting</source>
        <translation>설정</translation>
    </message>
    <message>
        <location filename="../snapshotstudytab.cpp" line="126"/>
        <source>Replayed
mean</source>
        <translation>재생
평균</translation>
    </message>
    <message>
        <location filename="../snapshotstudytab.cpp" line="126"/>
        <source>Replayed
p95</source>
        <translation>재생
p95</translation>
    </message>
    <message>
        <location filename="../snapshotstudytab.cpp" line="127"/>
        <source>Replayed
max</source>
        <translation>재생
최대</translation>
    </message>
    <message>
        <location filename="../snapshotstudytab.cpp" line="127"/>
        <source>Load ms
mean</source>
        <translation>로드 ms
평균</translation>
    </message>
    <message>
        <location filename="../snapshotstudytab.cpp" line="128"/>
        <source>Load ms
p95</source>
        <translation>로드 ms
p95</translation>
    </message>
    <message>
        <location filename="../snapshotstudytab.cpp" line="128"/>
        <source>Snapshots</source>
        <translation>스냅샷</translation>
    </message>
    <message>
        <location filename="../snapshotstudytab.cpp" line="128"/>
        <source>Snapshot
KB</source>
        <translation>스냅샷
KB</translation>
    </message>
    <message>
        <location filename="../snapshotstudytab.cpp" line="129"/>
        <source>Event
KB</source>
        <translation>이벤트
KB</translation>
    </message>
    <message>
        <location filename="../snapshotstudytab.cpp" line="129"/>
        <source>Write
share %</source>
        <translation>쓰기
비율 %</translation>
    </message>
    <message>
        <location filename="../snapshotstudytab.cpp" line="229"/>
        <source>Enter intervals such as %1, or pick a policy.</source>
        <translation>%1 같은 간격을 입력하거나 정책을 고르세요.</translation>
    </message>
    <message>
        <location filename="../snapshotstudytab.cpp" line="238"/>
        <source>intervals</source>
        <translation>간격</translation>
    </message>
    <message>
        <location filename="../snapshotstudytab.cpp" line="239"/>
        <source>policies</source>
        <translation>정책</translation>
    </message>
    <message>
        <location filename="../snapshotstudytab.cpp" line="269"/>
        <source>Nothing ran: %1</source>
        <translation>실행하지 않음: %1</translation>
    </message>
    <message>
        <location filename="../snapshotstudytab.cpp" line="278"/>
        <source>Starting...</source>
        <translation>시작하는 중...</translation>
    </message>
    <message numerus="yes">
        <location filename="../snapshotstudytab.cpp" line="280"/>
        <source>Scenario &apos;%1&apos;, seed %2, %3 orders: %n setting(s).</source>
        <translation>
            <numerusform>시나리오 &apos;%1&apos;, 시드 %2, 주문 %3개: 설정 %n개.</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../snapshotstudytab.cpp" line="316"/>
        <source>Cancelling after the current step...</source>
        <translation>현재 단계가 끝나면 취소합니다...</translation>
    </message>
    <message>
        <location filename="../snapshotstudytab.cpp" line="329"/>
        <source>running, %1 of %2 orders finished, %3 events</source>
        <translation>실행 중, 주문 %2개 중 %1개 완료, 이벤트 %3개</translation>
    </message>
    <message>
        <location filename="../snapshotstudytab.cpp" line="340"/>
        <source>timing loads, %1 of %2</source>
        <translation>로드 시간 측정 중, %1 / %2</translation>
    </message>
    <message>
        <location filename="../snapshotstudytab.cpp" line="345"/>
        <source>Setting %1 of %2: %3, %4</source>
        <translation>설정 %1 / %2: %3, %4</translation>
    </message>
    <message>
        <location filename="../snapshotstudytab.cpp" line="359"/>
        <source>Failed</source>
        <translation>실패</translation>
    </message>
    <message>
        <location filename="../snapshotstudytab.cpp" line="360"/>
        <source>The sweep failed: %1</source>
        <translation>스윕 실패: %1</translation>
    </message>
    <message>
        <location filename="../snapshotstudytab.cpp" line="362"/>
        <source>Cancelled</source>
        <translation>취소됨</translation>
    </message>
    <message numerus="yes">
        <location filename="../snapshotstudytab.cpp" line="363"/>
        <source>Cancelled: %n setting(s) finished.</source>
        <translation>
            <numerusform>취소됨: 설정 %n개 완료.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../snapshotstudytab.cpp" line="366"/>
        <source>Done: %n setting(s)</source>
        <translation>
            <numerusform>완료: 설정 %n개</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../snapshotstudytab.cpp" line="369"/>
        <source>Scenario &apos;%1&apos;, seed %2: %3 events per run. Load times are the fastest of repeated loads of up to %4 orders from each run&apos;s store.</source>
        <translation>시나리오 &apos;%1&apos;, 시드 %2: 실행당 이벤트 %3개. 로드 시간은 각 실행의 저장소에서 주문을 최대 %4개까지 반복 로드한 가장 빠른 값입니다.</translation>
    </message>
</context>
</TS>
